package org.jdrand.dkg;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;

/**
 * All DKG nodes in one JVM over an in-memory broadcast channel. Phase timeouts fire, for every
 * node still in the earliest phase, only when no message is in flight (a fake clock that
 * jumps to the next deadline). An interceptor can drop, rewrite or duplicate any delivery.
 */
final class DkgHarness {
    /** Rewrites one delivery: return the bundles the recipient gets (empty = dropped). */
    interface Interceptor {
        List<DkgBundle> deliver(int from, int to, DkgBundle bundle);
    }

    record Delivery(int to, DkgBundle bundle) {}

    final Scheme scheme;
    final BlsBackend backend;
    final Map<Integer, DkgSession> sessions = new LinkedHashMap<>();
    final Map<Integer, List<DkgStep>> steps = new HashMap<>();
    final Set<Integer> silent = new HashSet<>();
    /** Every bundle a node broadcast, before interception. */
    final List<DkgBundle> sent = new ArrayList<>();
    Interceptor interceptor = (from, to, b) -> List.of(b);
    /** Re-broadcast every new bundle once, as drand's echo broadcaster does. */
    boolean echo;
    int timeoutsFired;
    private final Deque<Delivery> queue = new ArrayDeque<>();

    DkgHarness(Scheme scheme, BlsBackend backend) {
        this.scheme = scheme;
        this.backend = backend;
    }

    /** n fresh long-term key pairs, returned as secret keys ordered like drand orders the nodes. */
    static List<Scalar> keys(BlsBackend backend, Scheme scheme, int n, SecureRandom random) {
        Map<String, Scalar> byKey = new HashMap<>();
        List<Point> pubs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Scalar s = Scalar.random(random, scheme.groupOrder());
            Point p = BlsBackends.forScheme(backend, scheme).generator(scheme.keyGroup()).multiply(s);
            pubs.add(p);
            byKey.put(org.jdrand.crypto.Hex.encode(p.toBytes()), s);
        }
        List<Scalar> out = new ArrayList<>();
        for (DkgNode node : DkgConfig.sortedByPublicKey(pubs)) {
            out.add(byKey.get(org.jdrand.crypto.Hex.encode(node.publicKey().toBytes())));
        }
        return out;
    }

    static List<DkgNode> nodes(BlsBackend backend, Scheme scheme, List<Scalar> sortedSecrets) {
        List<Point> pubs = sortedSecrets.stream()
                .map(s -> BlsBackends.forScheme(backend, scheme).generator(scheme.keyGroup()).multiply(s)).toList();
        List<DkgNode> nodes = DkgConfig.sortedByPublicKey(pubs);
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).publicKey().equals(pubs.get(i))) {
                throw new IllegalArgumentException("secrets not in drand order");
            }
        }
        return nodes;
    }

    void add(DkgConfig config, SecureRandom random) {
        DkgSession s = DkgSession.create(config, random);
        sessions.put(s.index(), s);
    }

    /** Starts every non-silent node and runs until all finish (or maxTimeouts phase timeouts). */
    void run() {
        for (DkgSession s : sessions.values()) {
            if (!silent.contains(s.index())) {
                broadcast(s.index(), s.start());
            }
        }
        while (true) {
            drain();
            List<DkgSession> live = sessions.values().stream()
                    .filter(s -> !silent.contains(s.index()) && s.phase() != DkgPhase.FINISH).toList();
            if (live.isEmpty()) {
                return;
            }
            if (++timeoutsFired > 10) {
                throw new IllegalStateException("dkg harness: no progress after 10 timeouts");
            }
            DkgPhase earliest = live.stream().map(DkgSession::phase).min(Enum::compareTo).orElseThrow();
            for (DkgSession s : live) {
                if (s.phase() == earliest) {
                    broadcast(s.index(), s.onPhaseTimeout(earliest));
                }
            }
        }
    }

    void broadcast(int from, List<DkgBundle> out) {
        if (silent.contains(from)) {
            return;
        }
        for (DkgBundle b : out) {
            sent.add(b);
            for (int to : sessions.keySet()) {
                if (to == from || silent.contains(to)) {
                    continue;
                }
                for (DkgBundle d : interceptor.deliver(from, to, b)) {
                    queue.add(new Delivery(to, d));
                }
            }
        }
    }

    private void relay(int from, DkgBundle b) {
        for (int to : sessions.keySet()) {
            if (to != from && !silent.contains(to)) {
                for (DkgBundle d : interceptor.deliver(from, to, b)) {
                    queue.add(new Delivery(to, d));
                }
            }
        }
    }

    /** Injects a bundle to one node as if it came from the network. */
    void inject(int to, DkgBundle bundle) {
        queue.add(new Delivery(to, bundle));
    }

    void drain() {
        while (!queue.isEmpty()) {
            Delivery d = queue.poll();
            DkgStep step = sessions.get(d.to()).onBundle(d.bundle());
            steps.computeIfAbsent(d.to(), k -> new ArrayList<>()).add(step);
            if (echo && (step.receipt() == DkgStep.Receipt.ACCEPTED || step.receipt() == DkgStep.Receipt.LATE)) {
                relay(d.to(), d.bundle());
            }
            broadcast(d.to(), step.outgoing());
        }
    }

    DkgResult result(int index) {
        return sessions.get(index).result().orElseThrow(() ->
                new AssertionError("node " + index + ": " + sessions.get(index).outcome()));
    }

    List<DkgResult> results() {
        return honestResults(Set.of());
    }

    /** Results of every running node except the adversaries (whose own view may differ). */
    List<DkgResult> honestResults(Set<Integer> adversaries) {
        List<DkgResult> out = new ArrayList<>();
        for (DkgSession s : sessions.values()) {
            if (!silent.contains(s.index()) && !adversaries.contains(s.index())) {
                out.add(result(s.index()));
            }
        }
        return out;
    }
}
