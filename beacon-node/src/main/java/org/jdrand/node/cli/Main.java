package org.jdrand.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar: {@code jdrand <command>}. */
@Command(name = "jdrand", mixinStandardHelpOptions = true, version = "jdrand 0.1.0",
        description = "A drand-compatible distributed randomness beacon node.",
        subcommands = {CommandLine.HelpCommand.class, GenerateKeypairCommand.class, VerifyCommand.class,
            StartCommand.class, StopCommand.class, LoadCommand.class, DkgCommand.class, ShowCommand.class,
            UtilCommand.class, GetCommand.class, SyncCommand.class, org.jdrand.node.relay.RelayCommand.class,
            DrawCommand.class, TlockCommand.class, org.jdrand.node.demo.DemoCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
