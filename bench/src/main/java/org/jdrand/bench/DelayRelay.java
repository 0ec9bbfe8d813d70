package org.jdrand.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP forwarder that delays every byte by a fixed one-way delay plus uniform jitter, in both
 * directions, keeping the stream's order: a stand-in for {@code tc qdisc ... netem delay} where
 * the kernel has no netem. Each chunk read from one side is written to the other side no earlier
 * than its arrival + delay ± jitter (and never before the chunk read before it). Bandwidth is not
 * limited and nothing is lost or reordered.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.jdrand.bench.DelayRelay <delay-ms>
 * <jitter-ms> <listen-host:port>=<target-host:port> ...}; runs until killed.
 */
public final class DelayRelay {
    private final InetSocketAddress listen;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final long jitterNanos;

    DelayRelay(InetSocketAddress listen, InetSocketAddress target, double delayMs, double jitterMs) {
        this.listen = listen;
        this.target = target;
        this.delayNanos = (long) (delayMs * 1_000_000);
        this.jitterNanos = (long) (jitterMs * 1_000_000);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DelayRelay <delay-ms> <jitter-ms> <listen-host:port>=<target-host:port> ...");
            System.exit(2);
        }
        double delay = Double.parseDouble(args[0]);
        double jitter = Double.parseDouble(args[1]);
        for (String spec : Arrays.copyOfRange(args, 2, args.length)) {
            String[] lt = spec.split("=", 2);
            DelayRelay r = new DelayRelay(address(lt[0]), address(lt[1]), delay, jitter);
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(r.listen, 128);
            Thread t = new Thread(() -> r.accept(server), "accept-" + lt[0]);
            t.start();
            System.out.println("relay " + lt[0] + " -> " + lt[1] + " delay " + delay + " ms +- " + jitter + " ms");
        }
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private void accept(ServerSocket server) {
        while (true) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                System.err.println("relay " + listen + ": accept failed: " + e);
                return;
            }
            try {
                Socket out = new Socket();
                out.setTcpNoDelay(true);
                out.connect(target, 5000);
                in.setTcpNoDelay(true);
                java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
                pipe(in, out, "up", ended);
                pipe(out, in, "down", ended);
            } catch (IOException e) {
                close(in);
            }
        }
    }

    private record Chunk(byte[] bytes, int length, long dueNanos) {}

    private static final Chunk END = new Chunk(new byte[0], -1, 0);

    /** Reader thread: stamps each chunk with its due time; writer thread: waits until then, writes. */
    private void pipe(Socket from, Socket to, String direction, java.util.concurrent.atomic.AtomicInteger ended) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            long lastDue = 0;
            try {
                InputStream in = from.getInputStream(); // not closed here: that would close the socket
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    long jitter = jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitterNanos, jitterNanos + 1);
                    long due = Math.max(lastDue, System.nanoTime() + delayNanos + jitter);
                    lastDue = due;
                    queue.add(new Chunk(Arrays.copyOf(buf, n), n, due));
                }
            } catch (IOException e) {
                // the side closed or reset: forward the end
            }
            queue.add(END);
        }, "relay-" + direction + "-read");
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = queue.take();
                    if (c == END) {
                        break;
                    }
                    long wait;
                    while ((wait = c.dueNanos() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(c.bytes(), 0, c.length());
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                close(from); // the other side is gone: end this connection
                close(to);
            } finally {
                if (ended.incrementAndGet() == 2) { // both directions done: release the sockets
                    close(from);
                    close(to);
                }
            }
        }, "relay-" + direction + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }
}
