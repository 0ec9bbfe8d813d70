package org.jdrand.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Point;
import org.jdrand.crypto.Scalar;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.bls.Bls;
import org.jdrand.crypto.tbls.PriPoly;
import org.jdrand.node.key.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DKG's own secrets never reach a log or a command's output. A fresh DKG of 5 over real gRPC:
 * four {@code jdrand start} processes of the jar (at their most verbose: {@code --verbose} and
 * {@code -Djdrand.dkg.log=TRACE}) and one {@link DkgMemberNode} (the node's own DKG code at TRACE)
 * whose randomness is recorded. The test finds that member's secret polynomial among the scalars
 * it drew (the window of draws whose commitments are the ones its deal carried), computes the
 * shares it dealt before encryption, and searches every log, every file the jar nodes wrote but
 * their two secret files and every command's output for each coefficient, each dealt share,
 * every other scalar the member drew (encryption and signature nonces) and the member's final
 * share: hex (whole, first half, without leading zeros), decimal, base64 and base64url (whole and
 * first half).
 */
@org.junit.jupiter.api.Tag("faults")
class DkgSecretsIT {
    /** Kept when the test fails: the nodes' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void dkgSecretPolynomialAndDealtSharesAreInNoLogAndNoOutput() throws Exception {
        try (Cluster c = new Cluster(dir, 4, List.of("-Djdrand.dkg.log=TRACE"), List.of("--verbose"))) {
            DkgMemberNode.Run run = DkgMemberNode.ceremony(c, dir, "honest");
            try {
                Jar.ok(run.execute(), "dkg execute");
                assertThat(run.execute().out()).as(run.execute().all()).contains("group of 5 nodes, threshold 3");
                for (NodeProcess n : run.all()) {
                    Jar.ok(n.dkg("status"), n.name + " dkg status"); // its output is searched too
                }
                c.awaitChain();

                Scheme scheme = Scheme.byId("pedersen-bls-chained");
                List<Scalar> drawn = Files.readAllLines(run.out().resolve(DkgMemberNode.RANDOMNESS)).stream()
                        .map(h -> Scalar.of(new BigInteger(1, Hex.decode(h)), Scalar.ORDER)).toList();
                List<String> commits = Files.readAllLines(run.out().resolve(DkgMemberNode.COMMITS));
                assertThat(commits).as("the member's deal commitments").hasSize(3);
                PriPoly poly = null;
                for (int i = 0; i + 3 <= drawn.size() && poly == null; i++) {
                    PriPoly candidate = new PriPoly(drawn.subList(i, i + 3));
                    List<String> cs = candidate.commit(BlsBackends.bouncyCastle(), scheme.keyGroup()).commits().stream()
                            .map(Point::toBytes).map(Hex::encode).toList();
                    if (cs.equals(commits)) {
                        poly = candidate;
                    }
                }
                assertThat(poly).as("the member's secret polynomial among its " + drawn.size() + " draws").isNotNull();

                Map<String, Scalar> secrets = new LinkedHashMap<>();
                for (int k = 0; k < 3; k++) {
                    secrets.put("coefficient " + k, poly.coefficients().get(k));
                }
                for (int j = 0; j < 5; j++) {
                    secrets.put("share dealt to index " + j, poly.share(j).value());
                }
                for (int i = 0; i < drawn.size(); i++) {
                    BigInteger v = drawn.get(i).toBigInteger();
                    if (secrets.values().stream().noneMatch(x -> x.toBigInteger().equals(v))) {
                        secrets.put("draw " + i, drawn.get(i)); // a nonce: encryption or signature
                    }
                }
                secrets.put("the member's final share", new KeyStore(run.slot().folder, KeyStore.DEFAULT_BEACON_ID,
                        new Bls(BlsBackends.bouncyCastle())).loadShare().share());

                // the search can fail: a coefficient planted in a text is found
                String planted = "x " + Hex.encode(poly.coefficients().get(1).toBytes()) + " y";
                assertThat(leaks(secrets, planted)).containsExactly("coefficient 1 (hex)");
                assertThat(leaks(secrets, "z " + poly.share(2).value().toBigInteger() + " z")).contains(
                        "share dealt to index 2 (decimal)");

                String seen = everythingWritten(c, run);
                assertThat(seen).as("jar daemons at debug").contains(" DEBUG ");
                assertThat(run.log()).as("member at trace").contains(" DEBUG ");
                assertThat(leaks(secrets, seen)).as("DKG secrets in logs, files or command output").isEmpty();

                long head = c.maxHead(c.nodes);
                c.awaitHead(c.nodes, head + 2);
                c.assertAllAlive(c.nodes);
                assertThat(run.process().isAlive()).as("member alive: " + run.log()).isTrue();
                Cluster.Verdict v = c.checkChains(c.nodes);
                System.out.printf("RELIABILITY dkg-secrets searched=%d (of them %d draws) head=%d lost=%d forks=%d%n",
                        secrets.size(), drawn.size(), v.head(), v.roundsLost(), v.forks());
            } finally {
                run.stop();
            }
        }
    }

    /** The jar nodes' logs (all starts), every file they wrote but the two secret ones and the chain store, the member's log and every command's output. */
    private static String everythingWritten(Cluster c, DkgMemberNode.Run run) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (NodeProcess n : c.nodes) {
            sb.append(n.allLogs());
            try (java.util.stream.Stream<Path> files = Files.walk(n.folder)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (!name.endsWith(".private") && !name.contains(".sqlite")) {
                        sb.append(DkgMemberNode.read(f));
                    }
                }
            }
        }
        sb.append(run.log());
        Jar.OUTPUTS.forEach(sb::append);
        return sb.toString();
    }

    /** Names of the secrets found in {@code text}, with the encoding that matched. */
    static List<String> leaks(Map<String, Scalar> secrets, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        secrets.forEach((name, s) -> {
            byte[] b = s.toBytes();
            String hex = Hex.encode(b);
            byte[] half = java.util.Arrays.copyOf(b, b.length / 2);
            Map<String, String> forms = new LinkedHashMap<>();
            forms.put("hex", hex);
            forms.put("hex, first half", hex.substring(0, hex.length() / 2));
            forms.put("hex, no leading zeros", s.toBigInteger().toString(16));
            forms.put("decimal", s.toBigInteger().toString());
            forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(b));
            forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(b));
            forms.put("base64, first half", Base64.getEncoder().withoutPadding().encodeToString(half));
            forms.put("base64url, first half", Base64.getUrlEncoder().withoutPadding().encodeToString(half));
            for (Map.Entry<String, String> f : forms.entrySet()) {
                boolean base64 = f.getKey().startsWith("base64");
                if (base64 ? text.contains(f.getValue()) : lower.contains(f.getValue())) {
                    found.add(name + " (" + f.getKey() + ")");
                    return;
                }
            }
        });
        return found;
    }
}
