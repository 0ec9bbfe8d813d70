package org.jdrand.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jdrand dkg join}: a joiner takes part in the proposed ceremony. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = {"Joiner: takes part in the proposed ceremony (local only)."},
        footerHeading = "%nExamples:%n",
        footer = {"  jdrand dkg join                       # first ceremony",
            "  jdrand dkg join --group group.toml    # reshare: the current group file, e.g. from 'jdrand show group'"})
final class DkgJoinCommand extends DkgVerb {
    @Option(names = "--group", paramLabel = "FILE", description = "Current group file (required to join a reshare).")
    Path group;

    @Override
    public Integer call() {
        byte[] groupFile;
        try {
            groupFile = group == null ? null : Files.readAllBytes(group);
        } catch (NoSuchFileException e) {
            return unusable("--group " + group + ": no such file");
        } catch (IOException e) {
            return unusable("--group " + group + ": cannot read it: " + e);
        }
        return send(c -> c.dkgJoin(ctl.beaconId, groupFile),
                "joined; wait for the leader to execute ('jdrand dkg status')");
    }
}
