package org.jdrand.node.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The logging configuration of {@code logback.xml}, built in code: logback finds it as a service
 * and skips its XML parser (JAXP and the Joran model: about 450 classes and a fifth of a short
 * verb's start, e.g. {@code dkg status}, whose gRPC client logs through slf4j). With
 * {@code -Dlogback.configurationFile} set, or a {@code logback-test.xml} on the class path (tests),
 * logback reads XML as before.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** The pattern of logback.xml's appender. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %msg%n";

    public LogConfigurator() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null);
    }

    ExecutionStatus configure(LoggerContext context, boolean xmlAsked) {
        if (xmlAsked) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("OUT");
        out.setTarget("System.err");
        out.setEncoder(encoder);
        out.start();
        context.getLogger("io.grpc").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
        // -Djdrand.dkg.log=DEBUG: per-phase timing of DKG ceremonies
        context.getLogger("org.jdrand.node.dkg").setLevel(Level.toLevel(System.getProperty("jdrand.dkg.log"), Level.INFO));
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(out);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
