package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** Base of the {@code jdrand dkg} sub-verbs that send one command to the local daemon. */
abstract class DkgVerb implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControlOptions ctl;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Input that cannot be used (a proposal or group file): says why, exit 2 as for a usage error. */
    int unusable(String why) {
        err().println(spec.name() + ": " + why);
        return 2;
    }

    /** Sends {@code command} over the control port; prints {@code done}, or why it failed. */
    int send(Consumer<ControlClient> command, String done) {
        try (ControlClient c = new ControlClient(ctl.control)) {
            command.accept(c);
            out().println(done);
            return 0;
        } catch (ControlException e) {
            err().println(spec.name() + ": " + e.getMessage());
            return 1;
        }
    }
}
