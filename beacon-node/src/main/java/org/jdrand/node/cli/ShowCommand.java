package org.jdrand.node.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jdrand.crypto.BlsBackends;
import org.jdrand.crypto.Hex;
import org.jdrand.crypto.chain.ChainInfo;
import org.jdrand.node.cli.control.ControlClient;
import org.jdrand.node.cli.control.ControlException;
import org.jdrand.node.cli.control.PublicIdentity;
import org.jdrand.node.key.Group;
import org.jdrand.node.key.GroupToml;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jdrand show group|chain-info|public}: what the local daemon runs, over its control port. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Shows the running beacon's group file, chain info or this node's public identity."},
        subcommands = {ShowCommand.ShowGroup.class, ShowCommand.ShowChainInfo.class, ShowCommand.ShowPublic.class},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand show group --out group.toml     # e.g. for a joiner's 'dkg join --group'",
            "  jdrand show chain-info --hash", "  jdrand show public --id quicknet"})
public final class ShowCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ControlOptions ctl;

        abstract int show(ControlClient control, PrintWriter out) throws Exception;

        @Override
        public Integer call() throws Exception {
            try (ControlClient c = new ControlClient(ctl.control)) {
                try {
                    return show(c, spec.commandLine().getOut());
                } catch (ControlException e) {
                    spec.commandLine().getErr().println(spec.qualifiedName(" ").replace("jdrand ", "") + ": "
                            + e.getMessage() + (e.reason() == ControlException.Reason.NOT_FOUND
                                    ? " (no beacon " + ctl.beaconId + " running: has its DKG finished?)" : ""));
                    return 1;
                }
            }
        }
    }

    @Command(name = "group", mixinStandardHelpOptions = true,
            description = {"Prints the group file (drand's TOML) of the running beacon."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand show group", "  jdrand show group --out group.toml", "  jdrand show group --hash"})
    static final class ShowGroup extends Base {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the group file here instead of stdout.")
        Path outFile;

        @Option(names = "--hash", description = "Print only the group hash (hex).")
        boolean hash;

        @Override
        int show(ControlClient control, PrintWriter out) throws Exception {
            Group parsed = control.group(ctl.beaconId, BlsBackends.fromSystemProperty(s -> { }));
            String toml = GroupToml.format(parsed);
            if (hash) {
                out.println(Hex.encode(parsed.hash()));
            } else if (outFile != null) {
                Files.writeString(outFile, toml);
                out.println("group file of " + parsed.beaconId() + " (" + parsed.size() + " nodes, threshold "
                        + parsed.threshold() + ") written to " + outFile);
            } else {
                out.print(toml);
            }
            return 0;
        }
    }

    @Command(name = "chain-info", mixinStandardHelpOptions = true,
            description = {"Prints the chain info (as /info serves it) of the running beacon."},
            footerHeading = "%nExamples:%n", footer = {"  jdrand show chain-info", "  jdrand show chain-info --hash"})
    static final class ShowChainInfo extends Base {
        @Option(names = "--hash", description = "Print only the chain hash (hex).")
        boolean hash;

        @Override
        int show(ControlClient control, PrintWriter out) {
            ChainInfo c = control.chainInfo(ctl.beaconId);
            if (hash) {
                out.println(c.hashHex());
                return 0;
            }
            out.println("{\"public_key\":\"" + Hex.encode(c.publicKey()) + "\",\"period\":"
                    + c.periodSeconds() + ",\"genesis_time\":" + c.genesisTime() + ",\"hash\":\""
                    + c.hashHex() + "\",\"groupHash\":\""
                    + Hex.encode(c.genesisSeed()) + "\",\"schemeID\":\"" + c.scheme().id()
                    + "\",\"metadata\":{\"beaconID\":\"" + c.beaconId() + "\"}}");
            return 0;
        }
    }

    @Command(name = "public", mixinStandardHelpOptions = true,
            description = {"Prints this node's public identity for the beacon."},
            footerHeading = "%nExample:%n", footer = {"  jdrand show public"})
    static final class ShowPublic extends Base {
        @Override
        int show(ControlClient control, PrintWriter out) {
            PublicIdentity p = control.publicKey(ctl.beaconId);
            out.println("Address = \"" + p.address() + "\"");
            out.println("Key = \"" + Hex.encode(p.key()) + "\"");
            out.println("Signature = \"" + Hex.encode(p.signature()) + "\"");
            out.println("SchemeName = \"" + p.schemeName() + "\"");
            return 0;
        }
    }
}
