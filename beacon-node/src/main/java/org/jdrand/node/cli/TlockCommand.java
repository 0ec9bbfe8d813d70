package org.jdrand.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdrand.crypto.BlsBackend;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.tlock.BeaconJson;
import org.jdrand.tlock.BeaconSource;
import org.jdrand.tlock.HttpBeacons;
import org.jdrand.tlock.OfflineBeacons;
import org.jdrand.tlock.Tlock;
import org.jdrand.tlock.TlockChain;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jdrand tlock encrypt|decrypt}: timelock encryption to a future round of an unchained
 * drand chain, as drand/tlock's {@code tle} and tlock-js (age files with a tlock stanza). Output
 * goes to a temporary file first and only replaces {@code -o} (or reaches stdout) once the whole
 * input has been processed and authenticated: a failure never leaves partial plaintext behind.
 */
@Command(name = "tlock", mixinStandardHelpOptions = true,
        description = {"Timelock encryption: encrypt to a future round; decrypt once its beacon is out."},
        subcommands = {TlockCommand.Encrypt.class, TlockCommand.Decrypt.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand tlock encrypt --url https://api.drand.sh/52db9ba7... --in 90d --armor -o secret.age secret.txt",
            "  jdrand tlock decrypt --url https://api.drand.sh/52db9ba7... -o secret.txt secret.age",
            "  jdrand tlock decrypt --chain-info quicknet.json --beacon round-12040883.json secret.age"})
public final class TlockCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--chain-info", paramLabel = "FILE",
                description = "Chain info JSON (drand /info) of the chain; or use --url.")
        Path chainInfo;

        @Option(names = "--url", paramLabel = "URL",
                description = "drand HTTP endpoint of the chain (with /<chain hash> if it serves several): "
                        + "its /info, and for decrypt its /public/<round>.")
        String url;

        @Option(names = "--chain-hash", paramLabel = "HEX", description = "Expected chain hash; the chain info must match it.")
        String chainHash;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: stdout).")
        Path output;

        @Parameters(arity = "0..1", paramLabel = "INPUT", description = "Input file (default: stdin).")
        Path input;

        TlockChain chain() throws IOException {
            String json;
            if (chainInfo != null) {
                json = Files.readString(chainInfo);
            } else if (url != null) {
                json = new HttpBeacons(url).chainInfoJson();
            } else {
                throw new IllegalArgumentException("chain: give --chain-info FILE or --url URL");
            }
            TlockChain chain = TlockChain.fromJson(json);
            if (chainHash != null && !chainHash.equalsIgnoreCase(chain.hashHex())) {
                throw new IllegalArgumentException("chain info: hash " + Hex.shortHex(chain.hashHex()) + " (expected --chain-hash "
                        + Hex.shortHex(chainHash) + ")");
            }
            return chain;
        }

        BlsBackend backend() {
            return BlsBackends.fromSystemProperty(notice -> spec.commandLine().getErr().println(notice));
        }

        abstract void process(Tlock tlock, InputStream in, OutputStream out) throws Exception;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                Tlock tlock = new Tlock(backend(), chain());
                Path dir = output == null ? null : output.toAbsolutePath().getParent();
                Path tmp = dir == null ? Files.createTempFile("jdrand-tlock-", ".part") : Files.createTempFile(dir, ".jdrand-tlock-", ".part");
                try {
                    restrict(tmp);
                    try (InputStream in = input == null ? System.in : Files.newInputStream(input);
                            OutputStream out = Files.newOutputStream(tmp)) {
                        process(tlock, in, out);
                    }
                    if (output != null) {
                        Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.copy(tmp, System.out);
                        System.out.flush();
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return 0;
            } catch (NoSuchFileException e) {
                err.println("tlock " + spec.name() + ": no such file: " + e.getFile());
            } catch (AccessDeniedException e) {
                err.println("tlock " + spec.name() + ": permission denied: " + e.getFile());
            } catch (Exception e) {
                err.println("tlock " + spec.name() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            }
            return 1;
        }

        private static void restrict(Path p) throws IOException {
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the temporary file keeps its defaults
            }
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = {"Encrypts INPUT so that it opens at a round of the chain (--round, --at or --in)."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand tlock encrypt --chain-info quicknet.json --round 20000000 -o msg.age msg.txt",
                "  jdrand tlock encrypt --url http://127.0.0.1:8080 --at 2027-01-01T00:00:00Z --armor msg.txt",
                "  echo hi | jdrand tlock encrypt --url http://127.0.0.1:8080 --in 90d --armor"})
    static final class Encrypt extends Base {
        @ArgGroup(exclusive = true, multiplicity = "1")
        When when;

        static final class When {
            @Option(names = "--round", paramLabel = "N", description = "Round that opens the file.")
            Long round;

            @Option(names = "--at", paramLabel = "TIME", description = "Opens at the first round due at or after TIME (ISO-8601, e.g. 2027-01-01T00:00:00Z).")
            String at;

            @Option(names = "--in", paramLabel = "DURATION", description = "Opens after DURATION from now: e.g. 30s, 15m, 2h, 90d, 1y, 1d12h.")
            String in;
        }

        @Option(names = {"-a", "--armor"}, description = "ASCII armor (-----BEGIN AGE ENCRYPTED FILE-----).")
        boolean armor;

        @Override
        void process(Tlock tlock, InputStream in, OutputStream out) throws Exception {
            long round = round(tlock.chain(), Instant.now());
            tlock.encrypt(in, out, round, armor);
            spec.commandLine().getErr().println("tlock: encrypted to round " + round + " of chain "
                    + Hex.shortHex(tlock.chain().hashHex()) + ", opens at " + tlock.chain().timeOfRound(round));
        }

        long round(TlockChain chain, Instant now) {
            if (when.round != null) {
                if (when.round <= 0) {
                    throw new IllegalArgumentException("--round " + when.round + " (expected 1 or more)");
                }
                return when.round;
            }
            if (when.at != null) {
                try {
                    return chain.roundAt(Instant.parse(when.at.trim()));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--at \"" + when.at + "\" (expected ISO-8601 like 2027-01-01T00:00:00Z)");
                }
            }
            return chain.roundAt(now.plus(parseIn(when.in)));
        }
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true,
            description = {"Decrypts INPUT with its round's beacon: from --beacon (offline) or from --url."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand tlock decrypt --url http://127.0.0.1:8080 -o msg.txt msg.age",
                "  jdrand tlock decrypt --chain-info quicknet.json --beacon round.json msg.age"})
    static final class Decrypt extends Base {
        @Option(names = "--beacon", paramLabel = "FILE", description = "The round's beacon JSON (drand /public/<round>), for offline use.")
        Path beacon;

        @Override
        void process(Tlock tlock, InputStream in, OutputStream out) throws Exception {
            BeaconSource source;
            if (beacon != null) {
                source = new OfflineBeacons(BeaconJson.parse(Files.readString(beacon)));
            } else if (url != null) {
                source = new HttpBeacons(url);
            } else {
                throw new IllegalArgumentException("beacon: give --beacon FILE or --url URL");
            }
            tlock.decrypt(in, out, source);
        }
    }

    private static final Pattern IN_PART = Pattern.compile("(\\d+)([smhdwy])");

    /** "90d", "1y", "1d12h": seconds, minutes, hours, days, weeks, years of 365 days. */
    static Duration parseIn(String value) {
        String v = value.trim();
        Matcher m = IN_PART.matcher(v);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
            end = m.end();
        }
        if (end != v.length() || v.isEmpty()) {
            throw new IllegalArgumentException("--in \"" + value + "\" (expected e.g. 30s, 15m, 2h, 90d, 1y or 1d12h)");
        }
        return d;
    }
}
