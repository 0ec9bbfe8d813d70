package org.jdrand.node.cli;

import java.time.Duration;
import org.jdrand.node.key.GoDuration;
import picocli.CommandLine;

/** Go-style durations on the command line, as drand takes them: "500ms", "10s", "1m30s", "24h". */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        try {
            return GoDuration.parse(value.trim());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("duration \"" + value
                    + "\" (expected e.g. 500ms, 10s, 1m30s or 24h)");
        }
    }
}
