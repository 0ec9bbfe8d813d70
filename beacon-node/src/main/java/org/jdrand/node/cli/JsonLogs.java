package org.jdrand.node.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --json}: every log line becomes one JSON object (logback's {@link JsonEncoder}:
 * timestamp, level, loggerName, threadName, formattedMessage, throwable), for log shippers that parse JSON, as
 * drand's {@code --json} does. It swaps the encoder of the root logger's stream appenders.
 */
final class JsonLogs {
    private JsonLogs() {}

    /** @return how many appenders now write JSON (0 when the logging backend is not logback) */
    static int install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return 0;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        int n = 0;
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
                JsonEncoder encoder = new JsonEncoder();
                encoder.setContext(context);
                // the text as written (formattedMessage), not the pattern and its arguments apart
                encoder.setWithFormattedMessage(true);
                encoder.setWithMessage(false);
                encoder.setWithArguments(false);
                encoder.start();
                out.stop();
                out.setEncoder(encoder);
                out.start();
                n++;
            }
        }
        return n;
    }
}
