package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jdrand.client.DrandClient;
import org.jdrand.client.DrandClientException;
import org.jdrand.client.Draw;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jdrand draw}: a verifiable draw (docs/DRAWS.md) of K winners among the lines of a file,
 * from one verified round. Prints the winners, what they were drawn from, and the command that
 * re-checks them.
 */
@Command(name = "draw", mixinStandardHelpOptions = true,
        description = {"Draws K winners from a candidates file with a verified beacon (docs/DRAWS.md).",
            "The candidates file has one candidate per line; blank lines and lines starting with # are skipped."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand draw --round 1000 --chain-info https://api.drand.sh --chain-hash 52db9ba7... --pick 3 candidates.txt",
            "  jdrand draw --round 1000 --chain-info chain-info.json --url https://api.drand.sh --pick 3 candidates.txt"})
public final class DrawCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--round", required = true, paramLabel = "N", description = "The round to draw from (≥ 1).")
    long round;

    @Option(names = "--chain-info", required = true, paramLabel = "URL|FILE",
            description = "An HTTP API to fetch from (its chain info is fetched), or a chain info JSON file (pins the chain).")
    String chainInfo;

    @Option(names = "--url", paramLabel = "URL",
            description = "More HTTP APIs to fetch from (repeatable; required when --chain-info is a file).")
    List<String> urls = new ArrayList<>();

    @Option(names = "--chain-hash", paramLabel = "HEX", description = "The chain hash to pin (recommended with a URL).")
    String chainHash;

    @Option(names = "--label", paramLabel = "TEXT", defaultValue = "draw",
            description = "What the draw is for: separates draws from one round (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--pick", required = true, paramLabel = "K", description = "How many winners to draw.")
    int pick;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Timeout of each HTTP request (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(index = "0", paramLabel = "CANDIDATES", description = "The candidates file (UTF-8).")
    Path candidates;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            byte[] file = Files.readAllBytes(candidates);
            List<String> items = candidates(new String(file, StandardCharsets.UTF_8));
            if (pick < 1 || pick > items.size()) {
                throw new IllegalArgumentException("--pick " + pick + " (expected 1.." + items.size()
                        + ": the candidates in " + candidates + ")");
            }
            // HttpURLConnection: a CLI process makes a few requests and exits (docs/PERFORMANCE.md, "CLI cold start")
            DrandClient.Builder b = DrandClient.builder().requestTimeout(timeout).urlConnectionHttp();
            boolean isUrl = isUrl(chainInfo);
            if (isUrl) {
                b = b.endpoint(chainInfo);
            } else {
                ChainInfo pinned = DrandClient.chainInfoFromJson(Files.readString(Path.of(chainInfo)));
                if (chainHash != null && !pinned.hashHex().equals(chainHash.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("--chain-hash " + shortText(chainHash) + " (expected "
                            + Hex.shortHex(pinned.hash()) + ", the hash of " + chainInfo + ")");
                }
                if (urls.isEmpty()) {
                    throw new IllegalArgumentException("--url: none (expected at least one with a chain info file)");
                }
                b = b.chainInfo(pinned);
            }
            for (String u : urls) {
                b = b.endpoint(u);
            }
            if (isUrl) {
                if (chainHash != null) {
                    b = b.chainHash(chainHash);
                } else {
                    err.println("draw: chain not pinned: trusting the chain info of " + chainInfo
                            + " (pass --chain-hash to pin it)");
                    b = b.insecurelyTrustFirstChainInfo();
                }
            }
            try (DrandClient drand = b.build()) {
                Draw draw = drand.draw(round, label);
                List<String> winners = draw.pick(pick, items);
                String hash = Hex.encode(draw.chainHash());
                out.println("round " + round + " of chain " + hash + " (" + drand.info().scheme().id() + "), verified");
                out.println("randomness " + Hex.encode(draw.randomness()));
                out.println("label " + quote(label) + ", " + items.size() + " candidates from " + candidates
                        + " (sha256 " + Hex.encode(Scheme.sha256().digest(file)) + ")");
                out.println("winners:");
                for (int i = 0; i < winners.size(); i++) {
                    out.println("  " + (i + 1) + ". " + winners.get(i));
                }
                StringBuilder cmd = new StringBuilder("jdrand draw --round ").append(round)
                        .append(" --chain-info ").append(quote(chainInfo));
                urls.forEach(u -> cmd.append(" --url ").append(quote(u)));
                cmd.append(" --chain-hash ").append(hash).append(" --label ").append(quote(label))
                        .append(" --pick ").append(pick).append(' ').append(quote(candidates.toString()));
                out.println("re-check: " + cmd);
            }
            return 0;
        } catch (DrandClientException | IllegalArgumentException | IllegalStateException e) {
            err.println("draw: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("draw: cannot read " + e.getMessage());
            return 1;
        }
    }

    /** docs/DRAWS.md §7: stripped lines, without blank ones and # comments, in file order. */
    static List<String> candidates(String text) {
        List<String> items = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                items.add(s);
            }
        }
        return items;
    }

    private static boolean isUrl(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    /** POSIX shell single quotes, only when needed. */
    static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String shortText(String s) {
        return s.length() <= 8 ? s : s.substring(0, 8) + "…";
    }
}
