package org.jdrand.node.dkg;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdrand.dkg.DkgBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * drand's echo dispatcher (internal/dkg/broadcast.go): a node's own bundles go to every peer at
 * once, while echoes of other nodes' bundles wait in a bounded queue per peer and go out one at
 * a time, peers in random order. With n nodes each echoing every bundle to n−1 peers, this keeps
 * the n² echoes from delaying the direct sends the fast sync waits for. A full queue drops the
 * echo (the peer still gets the bundle from its signer and from the other echoes). Thread-safe.
 */
final class EchoSenders {
    private static final Logger LOG = LoggerFactory.getLogger(EchoSenders.class);

    private final DkgNetwork network;
    private final Map<String, Deque<DkgBundle>> queues = new HashMap<>();
    private final Set<String> sending = new HashSet<>();

    EchoSenders(DkgNetwork network) {
        this.network = network;
    }

    /** Sends our own bundle to every peer now. */
    void own(List<String> peers, DkgBundle packet, String beaconId) {
        for (String peer : peers) {
            send(peer, packet, beaconId, false);
        }
    }

    /** Queues an echo to every peer (drand: sender queue of 3 × n packets per peer). */
    void echo(List<String> peers, DkgBundle packet, String beaconId) {
        List<String> order = new ArrayList<>(peers);
        Collections.shuffle(order);
        int capacity = 3 * (peers.size() + 1);
        for (String peer : order) {
            synchronized (this) {
                if (sending.add(peer)) {
                    // idle: send now, outside the lock
                } else {
                    Deque<DkgBundle> q = queues.computeIfAbsent(peer, k -> new ArrayDeque<>());
                    if (q.size() < capacity) {
                        q.add(packet);
                    } else {
                        LOG.debug("dkg echo queue full id={} peer={}", beaconId, peer);
                    }
                    continue;
                }
            }
            send(peer, packet, beaconId, true);
        }
    }

    private void send(String peer, DkgBundle packet, String beaconId, boolean echo) {
        network.broadcast(peer, beaconId, packet).whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("dkg bundle send failed id={} peer={} echo={} error={}", beaconId, peer, echo, e.getMessage());
            }
            if (echo) {
                DkgBundle next;
                synchronized (this) {
                    Deque<DkgBundle> q = queues.get(peer);
                    next = q == null ? null : q.poll();
                    if (next == null) {
                        sending.remove(peer);
                    }
                }
                if (next != null) {
                    send(peer, next, beaconId, true);
                }
            }
        });
    }
}
