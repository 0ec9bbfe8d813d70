package org.jdrand.node.cli;

import java.util.concurrent.Callable;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand util ping}: the local daemon answers on its control port. */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = {"Checks that the local daemon answers on its control port (PingPong)."},
        footerHeading = "%nExample:%n", footer = {"  jdrand util ping --control 8888"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the daemon answered",
            "1:the daemon could not be reached", "2:invalid arguments"})
final class UtilPingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888",
            description = "Control port of the local daemon (default: ${DEFAULT-VALUE}).")
    String control;

    @Override
    public Integer call() {
        try (ControlClient c = new ControlClient(control)) {
            c.ping();
            spec.commandLine().getOut().println("daemon on control port " + control.trim() + " is alive");
            return 0;
        } catch (ControlException e) {
            spec.commandLine().getErr().println("util ping: " + e.getMessage());
            return 1;
        }
    }
}
