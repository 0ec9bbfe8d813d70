package org.jdrand.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal Server-Sent Events reader over the JDK HTTP client: events with their id, as they arrive. */
final class SseClient implements AutoCloseable {
    record Event(long id, String data) {}

    final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    SseClient(HttpClient client, String url, Long lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", Long.toString(lastEventId));
        }
        response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Long id = null;
            String data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null && data != null) {
                        events.add(new Event(id, data));
                    }
                    id = null;
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** The next event, failing after 20 s. */
    Event next() throws InterruptedException {
        Event e = events.poll(20, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("sse: no event within 20 s");
        }
        return e;
    }

    /** An event if one arrives within {@code wait}, else null. */
    Event poll(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        reader.interrupt();
    }
}
