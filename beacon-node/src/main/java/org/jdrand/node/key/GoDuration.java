package org.jdrand.node.key;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.Duration} text form, as drand writes Period and CatchupPeriod ("30s", "1m30s")
 * and takes durations on its command line: the one duration parser of the node (files, CLI, demo).
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private GoDuration() {}

    /** Parses "30s", "1m0s", "1.5s", "500ms", "0"; rejects negative and malformed values. */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("duration: empty (expected a Go duration such as \"30s\")");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(text);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("duration: \"" + text + "\" (expected a Go duration such as \"30s\")");
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** Formats like Go's Duration.String(): "30s", "1m0s", "1h0m0s", "0s", "1.5s", "500ms". */
    public static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration: negative " + d);
        }
        long total = d.toNanos();
        if (total == 0) {
            return "0s";
        }
        if (total < NANOS_PER_SECOND) {
            if (total < 1_000) {
                return total + "ns";
            }
            if (total < 1_000_000) {
                return fraction(total, 1_000) + "µs";
            }
            return fraction(total, 1_000_000) + "ms";
        }
        long hours = total / (3600 * NANOS_PER_SECOND);
        long rest = total % (3600 * NANOS_PER_SECOND);
        long minutes = rest / (60 * NANOS_PER_SECOND);
        long secNanos = rest % (60 * NANOS_PER_SECOND);
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(fraction(secNanos, NANOS_PER_SECOND)).append('s').toString();
    }

    private static String fraction(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> NANOS_PER_SECOND;
            case "m" -> 60 * NANOS_PER_SECOND;
            default -> 3600 * NANOS_PER_SECOND;
        };
    }
}
