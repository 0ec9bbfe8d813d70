package org.jdrand.node.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar: {@code jdrand <command>}. */
@Command(name = "jdrand", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "A drand-compatible distributed randomness beacon node.",
        subcommands = {CommandLine.HelpCommand.class, GenerateKeypairCommand.class, VerifyCommand.class,
            StartCommand.class, StopCommand.class, LoadCommand.class, DkgCommand.class, ShowCommand.class,
            UtilCommand.class, GetCommand.class, SyncCommand.class, org.jdrand.node.relay.RelayCommand.class,
            DrawCommand.class, TlockCommand.class, org.jdrand.node.demo.DemoCommand.class})
public final class Main implements Runnable {
    static final String VERSION = "jdrand 0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The command tree for these arguments. Picocli builds the model of every registered command by
     * reflection before it parses anything, about half of a short verb's start-up CPU; so
     * {@code jdrand <verb> ...} registers only that verb (under a root of the same name and standard
     * options) and {@code jdrand --version} none. Everything else (usage, {@code help}, an unknown
     * verb) and {@code demo} (whose nodes re-enter the root command) get the whole tree.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            return new CommandLine(new Root());
        }
        if (args.length > 0 && !"demo".equals(args[0])) {
            for (Class<?> verb : Main.class.getAnnotation(Command.class).subcommands()) {
                Command c = verb.getAnnotation(Command.class);
                if (verb != CommandLine.HelpCommand.class
                        && (c.name().equals(args[0]) || Arrays.asList(c.aliases()).contains(args[0]))) {
                    return new CommandLine(new Root()).addSubcommand(verb);
                }
            }
        }
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@link Main}'s name and standard options without its subcommands; one verb is added to it. */
    @Command(name = "jdrand", mixinStandardHelpOptions = true, version = VERSION)
    static final class Root {
    }
}
