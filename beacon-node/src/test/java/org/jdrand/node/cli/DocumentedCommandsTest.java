package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command the README and docs/ show is reachable from the real entry point ({@link Main}):
 * each {@code jdrand <verb> [<sub-verb>]} in a code block or inline code resolves to a registered
 * command, and every registered command answers {@code --help}. A verb that only a test can build
 * (as {@code relay} once was) fails here.
 */
class DocumentedCommandsTest {
    /** "jdrand" or "./jdrand" at the start of a command, then the words that may name (sub)commands. */
    private static final Pattern INVOCATION = Pattern.compile("(?:^|[\\s`$(])(?:\\./)?jdrand((?: [a-z][a-z0-9-]*)+)");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve(".mvn"))) {
            p = p.getParent();
        }
        assertThat(p).as("repository root (a folder with .mvn/) above " + Path.of("").toAbsolutePath()).isNotNull();
        return p;
    }

    /** The documents a user reads: README.md and every page under docs/. */
    static List<Path> documents() throws IOException {
        Path root = repositoryRoot();
        List<Path> out = new ArrayList<>();
        out.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** The command lines of a document: lines of fenced code blocks and inline code spans. */
    static List<String> codeOf(Path doc) throws IOException {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            } else if (fenced) {
                out.add(line);
            } else {
                Matcher m = INLINE_CODE.matcher(line);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    @Test
    void everyDocumentedVerbIsRegisteredInMain() throws IOException {
        CommandLine root = new CommandLine(new Main());
        Map<String, String> unknown = new TreeMap<>();
        int resolved = 0;
        for (Path doc : documents()) {
            for (String code : codeOf(doc)) {
                Matcher m = INVOCATION.matcher(code);
                while (m.find()) {
                    String[] words = m.group(1).trim().split(" ");
                    CommandLine c = root.getSubcommands().get(words[0]);
                    if (c == null) {
                        unknown.put("jdrand " + words[0], repositoryRoot().relativize(doc) + ": " + code.strip());
                        continue;
                    }
                    // a second word names a sub-verb when the verb has sub-verbs (e.g. "dkg init")
                    if (words.length > 1 && !c.getSubcommands().isEmpty() && !c.getSubcommands().containsKey(words[1])
                            && !words[1].equals("help")) {
                        unknown.put("jdrand " + words[0] + " " + words[1],
                                repositoryRoot().relativize(doc) + ": " + code.strip());
                        continue;
                    }
                    resolved++;
                }
            }
        }
        assertThat(unknown).as("documented commands that jdrand does not register").isEmpty();
        assertThat(resolved).as("documented jdrand invocations found").isGreaterThan(40);
    }

    @Test
    void theOperatorGuideDocumentsTheRelay() throws IOException {
        Path operating = repositoryRoot().resolve("docs/OPERATING.md");
        assertThat(codeOf(operating)).anySatisfy(code -> assertThat(code).contains("jdrand relay"));
    }

    @Test
    void everyRegisteredCommandAnswersHelpThroughMain() {
        List<String> checked = new ArrayList<>();
        for (List<String> path : commandPaths(new CommandLine(new Main()), new ArrayList<>())) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run r = run(args.toArray(String[]::new));
            assertThat(r.code).as(String.join(" ", args) + "\n" + r.out).isZero();
            assertThat(r.out).as(String.join(" ", args)).contains("Usage: jdrand " + String.join(" ", path));
            checked.add(String.join(" ", path));
        }
        assertThat(checked).contains("relay", "demo", "dkg init", "util list-schemes", "get public", "sync", "verify");
    }

    @Test
    void relayIsAVerbOfTheJarWithItsOwnOptions() {
        Run r = run("relay", "--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("Usage: jdrand relay").contains("--upstream").contains("--listen");
        Run missing = run("relay");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.out).contains("Missing required option: '--upstream");
    }

    @Test
    void offlineVerbsDoTheirWorkThroughMain(@TempDir Path folder) throws IOException {
        Run version = run("--version");
        assertThat(version.code).isZero();
        assertThat(version.out).startsWith("jdrand ");
        Run keys = run("generate-keypair", "127.0.0.1:4444", "--folder", folder.toString(), "--id", "quicknet",
                "--scheme", "bls-unchained-g1-rfc9380");
        assertThat(keys.code).as(keys.out).isZero();
        assertThat(folder.resolve("multibeacon/quicknet/key/drand_id.public")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                folder.resolve("multibeacon/quicknet/key/drand_id.private")))).isEqualTo("rw-------");
        // a verb that needs the daemon says so instead of failing obscurely
        Run schemes = run("util", "list-schemes", "--control", "1");
        assertThat(schemes.code).isEqualTo(1);
        assertThat(schemes.out).contains("cannot reach the daemon's control port 127.0.0.1:1");
    }

    private static List<List<String>> commandPaths(CommandLine c, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
                continue; // picocli's help command, and aliases
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            out.addAll(commandPaths(e.getValue(), path));
        }
        return out;
    }

    record Run(int code, String out) {
    }

    static Run run(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString());
    }
}
