package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdrand.client.DrandClient;
import org.jdrand.client.DrandClientException;
import org.jdrand.client.Endpoint;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.Beacon;
import org.jdrand.crypto.chain.ChainInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jdrand get public|chain-info}: fetch from nodes' or relays' HTTP APIs through the
 * verifying client (jdrand-client): the chain info must hash to the chain hash (and to the pin),
 * every beacon must verify under the chain's public key; several {@code --url}s fail over to each
 * other. Exit 0 only for verified data.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Fetches chain info or beacons over HTTP and verifies them."},
        subcommands = {GetCommand.GetChainInfo.class, GetCommand.GetPublic.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand get chain-info --url https://api.drand.sh --chain-hash 52db9ba7...",
            "  jdrand get public --url https://api.drand.sh --url https://drand.cloudflare.com --chain-hash 52db9ba7... --round 1000",
            "  jdrand get public --url https://api.drand.sh --chain-hash 52db9ba7... --watch"})
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

        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "Base URL of an HTTP API (repeatable: requests fail over between them).")
        List<String> urls = new ArrayList<>();

        @Option(names = "--v2", description = "Ask through drand's v2 routes (/v2/chains/{hash}/...).")
        boolean v2;

        @Option(names = "--chain-hash", paramLabel = "HEX",
                description = "Chain hash to pin (hex); the info must match it. Without a pin, the first answer is trusted.")
        String chainHash;

        @Option(names = "--public-key", paramLabel = "HEX", description = "Group public key to pin too (needs --chain-hash).")
        String publicKey;

        @Option(names = "--chain-info", paramLabel = "FILE", description = "Chain info JSON file to pin the chain with.")
        Path chainInfoFile;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
                description = "Timeout of each HTTP request (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        DrandClient client() throws Exception {
            // HttpURLConnection: a CLI process makes a few requests and exits (docs/PERFORMANCE.md, "CLI cold start")
            DrandClient.Builder b = DrandClient.builder().requestTimeout(timeout).urlConnectionHttp();
            for (String u : urls) {
                b = b.endpoint(v2 ? Endpoint.v2(u) : Endpoint.v1(u));
            }
            byte[] pinnedHash = chainHash == null ? null : hexOption("--chain-hash", chainHash);
            if (publicKey != null) {
                hexOption("--public-key", publicKey);
            }
            if (chainInfoFile != null) {
                ChainInfo info;
                try {
                    info = DrandClient.chainInfoFromJson(Files.readString(chainInfoFile));
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new IllegalArgumentException("--chain-info " + chainInfoFile + ": no such file");
                } catch (java.io.IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("--chain-info " + chainInfoFile + ": " + e.getMessage());
                }
                if (pinnedHash != null && !Hex.encode(pinnedHash).equals(info.hashHex())) {
                    throw new IllegalArgumentException("--chain-hash " + Hex.shortHex(pinnedHash)
                            + " (expected " + Hex.shortHex(info.hash()) + ", the hash of " + chainInfoFile + ")");
                }
                return b.chainInfo(info).build();
            }
            if (publicKey != null && chainHash == null) {
                throw new IllegalArgumentException("--public-key without --chain-hash (expected both)");
            }
            if (chainHash != null) {
                return (publicKey != null ? b.chainHashAndPublicKey(chainHash, publicKey) : b.chainHash(chainHash))
                        .build();
            }
            return b.insecurelyTrustFirstChainInfo().build();
        }

        /** A hex option's bytes; bad hex names the option. */
        private static byte[] hexOption(String name, String value) {
            try {
                return Hex.decode(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage());
            }
        }

        abstract void get(DrandClient drand, PrintWriter out) throws Exception;

        @Override
        public Integer call() {
            try (DrandClient drand = client()) {
                get(drand, spec.commandLine().getOut());
                return 0;
            } catch (Exception e) {
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                spec.commandLine().getErr().println("get " + spec.name() + ": " + why);
                return 1;
            }
        }
    }

    @Command(name = "chain-info", mixinStandardHelpOptions = true,
            description = {"Fetches the chain info and checks its chain hash (and the pin)."},
            footerHeading = "%nExample:%n", footer = {"  jdrand get chain-info --url http://127.0.0.1:8080"})
    static final class GetChainInfo extends Base {
        @Override
        void get(DrandClient drand, PrintWriter out) {
            ChainInfo i = drand.info();
            out.println("{\"public_key\":\"" + Hex.encode(i.publicKey()) + "\",\"period\":" + i.periodSeconds()
                    + ",\"genesis_time\":" + i.genesisTime() + ",\"hash\":\"" + i.hashHex() + "\",\"groupHash\":\""
                    + Hex.encode(i.genesisSeed()) + "\",\"schemeID\":\"" + i.scheme().id()
                    + "\",\"metadata\":{\"beaconID\":\"" + i.beaconId() + "\"}}");
            out.println("chain info verified: hash " + i.hashHex());
        }
    }

    @Command(name = "public", mixinStandardHelpOptions = true,
            description = {"Fetches a beacon (latest or --round), or follows new rounds (--watch), verifying each "
                + "under the chain's public key."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand get public --url http://127.0.0.1:8080", "  jdrand get public --url http://127.0.0.1:8080 --round 42",
                "  jdrand get public --url http://127.0.0.1:8080 --url http://127.0.0.1:8081 --watch"})
    static final class GetPublic extends Base {
        @Option(names = "--round", paramLabel = "N", description = "Round to fetch (default: latest).")
        Long round;

        @Option(names = "--watch", description = "Print every new round as it is produced (until interrupted or --count).")
        boolean watch;

        @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N rounds.")
        Long count;

        @Override
        void get(DrandClient drand, PrintWriter out) throws Exception {
            if (watch) {
                if (round != null) {
                    throw new IllegalArgumentException("--watch with --round (expected one of them)");
                }
                watch(drand, out);
                return;
            }
            Beacon b = round == null ? drand.latest() : drand.get(round);
            print(out, b);
        }

        private void watch(DrandClient drand, PrintWriter out) throws InterruptedException {
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            drand.watch().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Beacon b) {
                    events.add(b);
                }

                @Override
                public void onError(Throwable t) {
                    events.add(t);
                }

                @Override
                public void onComplete() {
                    events.add("complete");
                }
            });
            long limit = count == null ? Long.MAX_VALUE : count;
            for (long n = 0; n < limit; n++) {
                Object e = events.take();
                if (e instanceof Beacon b) {
                    print(out, b);
                } else if (e instanceof Throwable t) {
                    throw new DrandClientException("watch: " + t.getMessage(), t);
                } else {
                    return;
                }
            }
        }

        private static void print(PrintWriter out, Beacon b) {
            out.println("{\"round\":" + b.round() + ",\"randomness\":\"" + Hex.encode(b.randomness())
                    + "\",\"signature\":\"" + Hex.encode(b.signature()) + "\""
                    + (b.hasPreviousSignature() ? ",\"previous_signature\":\"" + Hex.encode(b.previousSignature()) + "\"" : "")
                    + "}");
            out.println("round " + b.round() + " verified");
            out.flush();
        }
    }
}
