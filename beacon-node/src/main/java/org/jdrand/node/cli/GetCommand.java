package org.jdrand.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.BeaconVerifier;
import org.jdrand.crypto.chain.ChainInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jdrand get public|chain-info}: fetch from a node's or relay's HTTP API and verify what
 * comes back (drand-cli get from go-clients): the chain info must hash to the chain hash, every
 * beacon must verify under the chain's public key. Exit 0 only for verified data.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Fetches chain info or a beacon over HTTP and verifies it."},
        subcommands = {GetCommand.GetChainInfo.class, GetCommand.GetPublic.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand get chain-info --url https://api.drand.sh --chain-hash 52db9ba7...",
            "  jdrand get public --url https://api.drand.sh --chain-hash 52db9ba7... --round 1000"})
public final class GetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "Base URL of the HTTP API.")
        String url;

        @Option(names = "--chain-hash", paramLabel = "HEX",
                description = "Expected chain hash (hex); the info must match it. Without it, the node's default chain.")
        String chainHash;

        final ObjectMapper json = new ObjectMapper();
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        String base() {
            String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            return chainHash == null ? u : u + "/" + chainHash;
        }

        JsonNode fetch(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + base() + path + ": HTTP " + r.statusCode() + " (expected 200)");
            }
            return json.readTree(r.body());
        }

        /** Fetches /info and checks that it hashes to its hash (and to --chain-hash). */
        ChainInfo info() throws Exception {
            JsonNode n = fetch("/info");
            Scheme scheme = Scheme.verifiableById(n.path("schemeID").asText(""));
            ChainInfo info = new ChainInfo(Hex.decode(n.path("public_key").asText()),
                    n.path("metadata").path("beaconID").asText(""), n.path("period").asInt(), scheme,
                    n.path("genesis_time").asLong(), Hex.decode(n.path("groupHash").asText()));
            byte[] claimed = Hex.decode(n.path("hash").asText());
            if (!Arrays.equals(claimed, info.hash())) {
                throw new IllegalStateException("chain info: hash " + Hex.shortHex(claimed) + " (computed "
                        + Hex.shortHex(info.hash()) + " from its fields)");
            }
            if (chainHash != null && !Arrays.equals(Hex.decode(chainHash), info.hash())) {
                throw new IllegalStateException("chain info: hash " + Hex.shortHex(info.hash()) + " (expected --chain-hash "
                        + Hex.shortHex(Hex.decode(chainHash)) + ")");
            }
            return info;
        }

        abstract void get(PrintWriter out) throws Exception;

        @Override
        public Integer call() {
            try {
                get(spec.commandLine().getOut());
                return 0;
            } catch (Exception e) {
                spec.commandLine().getErr().println("get " + spec.name() + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "chain-info", mixinStandardHelpOptions = true,
            description = {"Fetches /info and checks its chain hash."},
            footerHeading = "%nExample:%n", footer = {"  jdrand get chain-info --url http://127.0.0.1:8080"})
    static final class GetChainInfo extends Base {
        @Override
        void get(PrintWriter out) throws Exception {
            ChainInfo i = info();
            out.println("{\"public_key\":\"" + Hex.encode(i.publicKey()) + "\",\"period\":" + i.periodSeconds()
                    + ",\"genesis_time\":" + i.genesisTime() + ",\"hash\":\"" + i.hashHex() + "\",\"groupHash\":\""
                    + Hex.encode(i.genesisSeed()) + "\",\"schemeID\":\"" + i.scheme().id()
                    + "\",\"metadata\":{\"beaconID\":\"" + i.beaconId() + "\"}}");
            out.println("chain info verified: hash " + i.hashHex());
        }
    }

    @Command(name = "public", mixinStandardHelpOptions = true,
            description = {"Fetches a beacon (latest or --round) and verifies it under the chain's public key."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand get public --url http://127.0.0.1:8080", "  jdrand get public --url http://127.0.0.1:8080 --round 42"})
    static final class GetPublic extends Base {
        @Option(names = "--round", paramLabel = "N", description = "Round to fetch (default: latest).")
        Long round;

        @Override
        void get(PrintWriter out) throws Exception {
            ChainInfo i = info();
            JsonNode b = fetch("/public/" + (round == null ? "latest" : round.toString()));
            Beacon beacon = new Beacon(b.path("round").asLong(), Hex.decode(b.path("signature").asText()),
                    b.hasNonNull("previous_signature") ? Hex.decode(b.get("previous_signature").asText()) : new byte[0]);
            if (round != null && beacon.round() != round) {
                throw new IllegalStateException("beacon: round " + beacon.round() + " (expected " + round + ")");
            }
            BeaconVerifier v = BeaconVerifier.forChain(BlsBackends.fromSystemProperty(s -> { }), i);
            if (!v.isValid(beacon)) {
                throw new IllegalStateException("beacon round " + beacon.round() + ": signature does not verify under "
                        + "public key " + Hex.shortHex(i.publicKey()));
            }
            out.println(b.toString());
            out.println("round " + beacon.round() + " verified");
        }
    }
}
