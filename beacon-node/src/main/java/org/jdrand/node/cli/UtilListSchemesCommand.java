package org.jdrand.node.cli;

import java.util.concurrent.Callable;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand util list-schemes}: the schemes the local daemon supports. */
@Command(name = "list-schemes", mixinStandardHelpOptions = true,
        description = {"Lists the signature schemes the local daemon supports (scheme IDs for 'dkg init --scheme')."},
        footerHeading = "%nExample:%n", footer = {"  jdrand util list-schemes --control 8888"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:ok", "1:the daemon could not be reached",
            "2:invalid arguments"})
final class UtilListSchemesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888",
            description = "Control port of the local daemon (default: ${DEFAULT-VALUE}).")
    String control;

    @Override
    public Integer call() {
        try (ControlClient c = new ControlClient(control)) {
            c.listSchemes().forEach(spec.commandLine().getOut()::println);
            return 0;
        } catch (ControlException e) {
            spec.commandLine().getErr().println("util list-schemes: " + e.getMessage());
            return 1;
        }
    }
}
