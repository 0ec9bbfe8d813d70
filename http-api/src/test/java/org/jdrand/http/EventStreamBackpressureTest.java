package org.jdrand.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jdrand.crypto.Scheme;
import org.jdrand.crypto.chain.ChainInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An event stream to a client that stops reading while hundreds of rounds are pushed: the server
 * queues no more than the channel's high-water mark plus one event (pushed rounds it no longer
 * holds are read again from the source later), and once the client reads on it gets every round
 * once, in order.
 */
@Timeout(60)
class EventStreamBackpressureTest {
    @Test
    void aStalledClientHoldsBoundedMemoryAndStillGetsEveryRoundOnce() throws Exception {
        ChainInfo info = FakeChains.info(Scheme.PEDERSEN_BLS_CHAINED, "default", 3, 1_700_000_000L, 1);
        RangeApiTest.CountingSource source = new RangeApiTest.CountingSource(FakeChains.source(info, 1, 10));
        LiveChain chain = new LiveChain(source);
        chain.start(5000);
        EventStream stream = new EventStream(chain, 10, 5000, 0);
        RangeStreamTest.ChannelLikeSink sink = new RangeStreamTest.ChannelLikeSink();
        stream.start(sink);
        for (long r = 11; r <= 1600; r++) {
            source.inner.append(FakeChains.beacon(info, r));
        }
        int eventBytes = 400;
        assertThat(sink.maxQueued).as("queued while the client reads nothing")
                .isLessThanOrEqualTo(RangeStreamTest.HIGH_WATER + eventBytes);
        assertThat(sink.onWritable).as("waiting for the channel").isNotNull();
        while (sink.onWritable != null) {
            sink.drain();
        }
        List<Long> ids = new ArrayList<>();
        for (String line : sink.taken.toString(StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith("id: ")) {
                ids.add(Long.parseLong(line.substring(4)));
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long r = 11; r <= 1600; r++) {
            expected.add(r);
        }
        assertThat(ids).containsExactlyElementsOf(expected);
        // 1,590 rounds overflow both the pushed queue and the 1,024 recent rounds kept serialized
        assertThat(source.reads.get()).as("rounds no longer in memory were read from the source").isPositive();
        assertThat(sink.aborted).isNull();
        stream.cancel();
        chain.close();
    }
}
