package org.jdrand.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The configuration built in code is the one logback.xml describes, and XML still wins when asked for. */
class LogConfiguratorTest {
    private static final List<String> LOGGERS = List.of(Logger.ROOT_LOGGER_NAME, "io.grpc", "io.netty",
            "io.grpc.netty.shaded.io.netty.channel", "org.jdrand.node.dkg", "org.jdrand.node.dkg.Ceremony",
            "org.jdrand.node.beacon");

    @Test
    void buildsWhatLogbackXmlDescribes() throws Exception {
        LoggerContext coded = new LoggerContext();
        assertThat(new LogConfigurator().configure(coded, false)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        LoggerContext xml = new LoggerContext();
        URL file = LogConfigurator.class.getClassLoader().getResource("logback.xml");
        assertThat(file).isNotNull();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(xml);
        joran.doConfigure(file);

        for (String name : LOGGERS) {
            assertThat(coded.getLogger(name).getEffectiveLevel()).as(name).isEqualTo(xml.getLogger(name).getEffectiveLevel());
        }
        ConsoleAppender<ILoggingEvent> c = (ConsoleAppender<ILoggingEvent>) coded.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("OUT");
        ConsoleAppender<ILoggingEvent> x = (ConsoleAppender<ILoggingEvent>) xml.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("OUT");
        assertThat(c.isStarted()).isTrue();
        assertThat(c.getTarget()).isEqualTo(x.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) c.getEncoder()).getPattern())
                .isEqualTo(((PatternLayoutEncoder) x.getEncoder()).getPattern());
    }

    @Test
    void dkgLevelFollowsTheSystemPropertyAsTheXmlDoes() {
        String before = System.getProperty("jdrand.dkg.log");
        System.setProperty("jdrand.dkg.log", "DEBUG");
        try {
            LoggerContext coded = new LoggerContext();
            new LogConfigurator().configure(coded, false);
            assertThat(coded.getLogger("org.jdrand.node.dkg.X").getEffectiveLevel().toString()).isEqualTo("DEBUG");
            assertThat(coded.getLogger("org.jdrand.node.beacon").getEffectiveLevel().toString()).isEqualTo("INFO");
        } finally {
            if (before == null) {
                System.clearProperty("jdrand.dkg.log");
            } else {
                System.setProperty("jdrand.dkg.log", before);
            }
        }
    }

    @Test
    void leavesTheContextToXmlWhenAFileIsAskedFor() {
        LoggerContext context = new LoggerContext();
        assertThat(new LogConfigurator().configure(context, true)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }
}
