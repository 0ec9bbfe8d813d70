package org.jdrand.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The second implementation of docs/DRAWS.md, in JavaScript (src/test/js/draws.js, Node.js and its
 * crypto module only), reproduces every vector; and reports a vector it does not reproduce, so
 * the check can fail. Needs {@code node} on the PATH (CI has Node.js 20): not skipped without it.
 */
@Timeout(120)
class DrawJsInteropTest {
    static final Path SCRIPT = Paths.get("src/test/js/draws.js");
    static final Path VECTORS = Paths.get("src/test/resources/draw-vectors.json");

    record Result(int exit, String output) {}

    static Result node(Path vectors) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", SCRIPT.toString(), vectors.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void javascriptReproducesEveryVector() throws Exception {
        Result r = node(VECTORS);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("all 30 vectors reproduced").doesNotContain("MISMATCH");
    }

    @Test
    void javascriptNoticesAWrongExpectation() throws Exception {
        String doc = Files.readString(VECTORS);
        String tampered = doc.replaceFirst("\"candidate-18\",\\s*\"candidate-03\"", "\"candidate-03\", \"candidate-18\"");
        assertThat(tampered).isNotEqualTo(doc);
        Path copy = Files.createTempFile(Paths.get("target"), "draw-vectors-tampered", ".json");
        try {
            Files.writeString(copy, tampered);
            Result r = node(copy);
            assertThat(r.exit).isEqualTo(1);
            assertThat(r.output).contains("MISMATCH default-1000000-jury-2026", "1 mismatches");
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
