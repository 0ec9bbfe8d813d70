package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.Executor;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The memory bound of a streamed range, measured without the kernel's socket buffers: a sink that
 * behaves like a Netty channel with a 64 KiB high-water mark and a client that takes bytes only
 * when the test says so. The stream reads a batch only while the sink is writable, so what it
 * holds at any moment is at most the high-water mark plus one batch, whatever the range length.
 */
@Timeout(60)
class RangeStreamTest {
    static final int HIGH_WATER = 64 * 1024;

    /** Bytes queued until "the socket" takes them; writable below the high-water mark. */
    static final class ChannelLikeSink implements BodyStream.Sink {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        long queued;
        long maxQueued;
        Runnable onWritable;
        boolean ended;
        String aborted;

        @Override
        public void write(byte[] piece) {
            queued += piece.length;
            maxQueued = Math.max(maxQueued, queued);
            taken.write(piece, 0, piece.length);
        }

        @Override
        public boolean writable() {
            return queued < HIGH_WATER;
        }

        @Override
        public void whenWritable(Runnable task) {
            onWritable = task;
        }

        /** The client reads everything queued: the channel becomes writable again. */
        void drain() {
            queued = 0;
            Runnable t = onWritable;
            onWritable = null;
            if (t != null) {
                t.run();
            }
        }

        @Override
        public void end() {
            ended = true;
        }

        @Override
        public void abort(String why) {
            aborted = why;
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }
    }

    @Test
    void tenThousandRoundsHoldAtMostTheHighWaterMarkPlusOneBatch() throws Exception {
        ChainInfo info = FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "default", 3, 1_700_000_000L, 1);
        RangeApiTest.CountingSource source = new RangeApiTest.CountingSource(FakeChains.source(info, 1, 10_000));
        LiveChain chain = new LiveChain(source);
        List<LiveChain.Serialized> first = chain.rounds(1, RangeStream.BATCH, 5000).get();
        RangeStream stream = new RangeStream(chain, first, 10_000, 5000);
        ChannelLikeSink sink = new ChannelLikeSink();
        int batchBytes = RangeStream.BATCH * (HttpApiServiceTest.v2(info, FakeChains.beacon(info, 1)).length() + 1);
        long maxReadAhead = 0;
        stream.start(sink);
        int drains = 0;
        while (!sink.ended) {
            assertThat(sink.aborted).isNull();
            assertThat(sink.onWritable).as("stream waits for the channel").isNotNull();
            // rounds read from the source that the client has not taken yet
            long takenRounds = countRounds(sink.taken) - bytesToRounds(sink.queued, info);
            maxReadAhead = Math.max(maxReadAhead, source.reads.get() - takenRounds);
            sink.drain();
            drains++;
        }
        System.out.printf("range 10000 (no kernel buffers): max queued %d bytes (high-water %d, batch %d), "
                + "max read-ahead %d rounds, %d drains%n", sink.maxQueued, HIGH_WATER, batchBytes, maxReadAhead, drains);
        assertThat(sink.maxQueued).isLessThanOrEqualTo(HIGH_WATER + batchBytes);
        assertThat(maxReadAhead).isLessThanOrEqualTo((HIGH_WATER + batchBytes) / 250 + RangeStream.BATCH);
        JsonNode all = new ObjectMapper().readTree(sink.taken.toByteArray());
        assertThat(all.size()).isEqualTo(10_000);
        assertThat(all.get(9_999).get("round").asLong()).isEqualTo(10_000);
        assertThat(source.reads.get()).isEqualTo(10_000); // each round read once (the first batch above)
    }

    private static long countRounds(ByteArrayOutputStream out) {
        String s = out.toString(java.nio.charset.StandardCharsets.US_ASCII);
        long n = 0;
        for (int i = s.indexOf("\"round\":"); i >= 0; i = s.indexOf("\"round\":", i + 1)) {
            n++;
        }
        return n;
    }

    private static long bytesToRounds(long bytes, ChainInfo info) {
        return bytes / (HttpApiServiceTest.v2(info, FakeChains.beacon(info, 1)).length() + 1);
    }
}
