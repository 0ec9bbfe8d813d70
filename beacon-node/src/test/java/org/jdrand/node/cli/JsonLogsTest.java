package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** {@code start --json}: after {@link JsonLogs#install} each log event is one JSON object on its own line. */
@Timeout(30)
class JsonLogsTest {
    @Test
    void eachEventIsOneJsonObjectPerLine() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            assertThat(JsonLogs.install()).as("appenders switched").isPositive();
            org.slf4j.Logger log = LoggerFactory.getLogger("org.jdrand.node.cli.JsonLogsTest");
            log.warn("round {} stored, \"quoted\" text", 42);
            log.error("with a cause", new IllegalStateException("boom\nsecond line"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                events.add(json.readTree(line)); // throws if a line is not one whole JSON value
            }
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("level").asText()).isEqualTo("WARN");
        assertThat(events.get(0).get("formattedMessage").asText()).isEqualTo("round 42 stored, \"quoted\" text");
        assertThat(events.get(0).get("loggerName").asText()).isEqualTo("org.jdrand.node.cli.JsonLogsTest");
        assertThat(events.get(1).get("throwable").toString()).contains("boom");
    }
}
