package org.jdrand.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the
 * JDK's WebSocket client: navigate, evaluate JavaScript, take a screenshot, and record every URL
 * the page requested.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Every URL the page asked for (Network.requestWillBeSent). */
    final List<String> requested = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    /** The chromium binary on PATH, or null. */
    static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    HeadlessChromium(Path binary, Path profile) throws Exception {
        this.profile = profile;
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=412,1500", "about:blank"));
        process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.add(line);
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        browserUrl.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            browserUrl.completeExceptionally(new IllegalStateException("chromium exited: " + stderr));
        }, "chromium-stderr");
        t.setDaemon(true);
        t.start();
        URI ws = URI.create(browserUrl.get(60, TimeUnit.SECONDS));
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getAuthority() + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String pageWs = null;
        for (JsonNode target : JSON.readTree(list)) {
            if (target.get("type").asText().equals("page")) {
                pageWs = target.get("webSocketDebuggerUrl").asText();
            }
        }
        if (pageWs == null) {
            throw new IllegalStateException("chromium: no page target in " + list);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new Listener()).get(30, TimeUnit.SECONDS);
        call("Network.enable", JSON.createObjectNode());
        call("Page.enable", JSON.createObjectNode());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                onMessage(message);
            }
            ws.request(1);
            return null;
        }
    }

    private void onMessage(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    if (m.has("error")) {
                        f.completeExceptionally(new IllegalStateException("cdp: " + m.get("error")));
                    } else {
                        f.complete(m.get("result"));
                    }
                }
            } else if ("Network.requestWillBeSent".equals(m.path("method").asText())) {
                requested.add(m.get("params").get("request").get("url").asText());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cdp: unreadable message", e);
        }
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
        return f.get(60, TimeUnit.SECONDS);
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** The value of a JavaScript expression in the page (null when it threw). */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true));
        return r.has("exceptionDetails") ? null : r.get("result").get("value");
    }

    /** A PNG of the page as it is now. */
    byte[] screenshot() throws Exception {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        return Base64.getDecoder().decode(r.get("data").asText());
    }

    List<String> stderr() {
        return stderr;
    }

    @Override
    public void close() throws Exception {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(60);
    }
}
