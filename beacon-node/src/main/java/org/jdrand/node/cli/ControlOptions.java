package org.jdrand.node.cli;

import picocli.CommandLine.Option;

/** --control and --id, shared by every command that talks to a running daemon. */
final class ControlOptions {
    @Option(names = "--control", paramLabel = "PORT", defaultValue = "8888",
            description = "Control port of the local daemon (default: ${DEFAULT-VALUE}).")
    String control;

    @Option(names = "--id", paramLabel = "ID", defaultValue = "default",
            description = "Beacon ID (default: ${DEFAULT-VALUE}).")
    String beaconId;
}
