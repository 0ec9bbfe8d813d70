package org.jdrand.node.demo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Hidden: runs one jdrand command (the demo's {@code start}) and exits when the demo process
 * {@code --parent-pid} is gone, so that nodes never outlive a killed demo.
 */
@Command(name = "node", hidden = true, mixinStandardHelpOptions = true, description = "Runs a jdrand command until --parent-pid exits (demo nodes).")
final class DemoNodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--parent-pid", required = true, paramLabel = "PID")
    long parentPid;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The jdrand command, after --.")
    List<String> command;

    @Override
    public Integer call() {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("demo node: parent process " + parentPid + " is gone; not starting");
            return 1;
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("demo node: the demo process " + parentPid + " is gone: stopping");
            System.exit(0);
        });
        // the jdrand root command, found through picocli rather than imported (demo is below cli)
        Class<?> root = spec.root().userObject().getClass();
        return new CommandLine(root).execute(command.toArray(String[]::new));
    }
}
