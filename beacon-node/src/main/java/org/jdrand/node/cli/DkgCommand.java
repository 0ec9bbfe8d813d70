package org.jdrand.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jdrand.crypto.Hex;
import org.jdrand.dkg.ceremony.DkgState;
import org.jdrand.node.dkg.DkgStateFile;
import org.jdrand.proto.dkg.AbortOptions;
import org.jdrand.proto.dkg.AcceptOptions;
import org.jdrand.proto.dkg.CommandMetadata;
import org.jdrand.proto.dkg.DKGCommand;
import org.jdrand.proto.dkg.DKGControlGrpc;
import org.jdrand.proto.dkg.DKGEntry;
import org.jdrand.proto.dkg.DKGStatusRequest;
import org.jdrand.proto.dkg.DKGStatusResponse;
import org.jdrand.proto.dkg.ExecutionOptions;
import org.jdrand.proto.dkg.FirstProposalOptions;
import org.jdrand.proto.dkg.JoinOptions;
import org.jdrand.proto.dkg.Participant;
import org.jdrand.proto.dkg.ProposalOptions;
import org.jdrand.proto.dkg.RejectOptions;
import org.jdrand.proto.drand.IdentityRequest;
import org.jdrand.proto.drand.IdentityResponse;
import org.jdrand.proto.drand.Metadata;
import org.jdrand.proto.drand.ProtocolGrpc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jdrand dkg ...}: drand v2's ceremony commands, sent to the local daemon's control port. */
@Command(name = "dkg", mixinStandardHelpOptions = true,
        description = {"Distributed key generation: create a group (init), change it (reshare), answer, run and watch "
                + "a ceremony."},
        subcommands = {DkgCommand.GenerateProposal.class, DkgCommand.Init.class, DkgCommand.Reshare.class,
            DkgCommand.Join.class, DkgCommand.Accept.class, DkgCommand.Reject.class, DkgCommand.Execute.class,
            DkgCommand.Abort.class, DkgCommand.Status.class, DkgCommand.Nuke.class},
        footerHeading = "%nExample, a first ceremony (every node runs 'jdrand start' first):%n",
        footer = {"  leader$ jdrand dkg generate-proposal --joiner a:4444 --joiner b:4444 --joiner c:4444 --out p.toml",
            "  leader$ jdrand dkg init --proposal p.toml --threshold 2 --period 30s --scheme pedersen-bls-chained "
                    + "--genesis-delay 2m",
            "  others$ jdrand dkg join",
            "  leader$ jdrand dkg execute --wait",
            "  anyone$ jdrand dkg status"})
public final class DkgCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Base of the subcommands that send one DKGCommand. */
    abstract static class Base implements Callable<Integer> {
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

        DKGCommand.Builder command() {
            return DKGCommand.newBuilder().setMetadata(CommandMetadata.newBuilder().setBeaconID(ctl.beaconId));
        }

        int send(DKGCommand cmd, String done) {
            try (ControlClient c = new ControlClient(ctl.control)) {
                DKGControlGrpc.newBlockingStub(c.channel()).withDeadlineAfter(60, TimeUnit.SECONDS).command(cmd);
                out().println(done);
                return 0;
            } catch (StatusRuntimeException e) {
                try (ControlClient c = new ControlClient(ctl.control)) {
                    err().println(spec.name() + ": " + c.explain(e));
                }
                return 1;
            }
        }
    }

    @Command(name = "generate-proposal", mixinStandardHelpOptions = true,
            description = {"Writes a proposal file: the identities of joiners, remainers and leavers, fetched from "
                    + "each node (GetIdentity)."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand dkg generate-proposal --joiner a:4444 --joiner b:4444 --joiner c:4444 --out p.toml",
                "  jdrand dkg generate-proposal --remainer a:4444 --remainer b:4444 --leaver c:4444 --joiner d:4444 "
                        + "--out reshare.toml"})
    static final class GenerateProposal implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--joiner", paramLabel = "HOST:PORT", description = "A node joining the group (repeatable).")
        List<String> joiners = new ArrayList<>();

        @Option(names = "--remainer", paramLabel = "HOST:PORT", description = "A node staying in the group (repeatable).")
        List<String> remainers = new ArrayList<>();

        @Option(names = "--leaver", paramLabel = "HOST:PORT", description = "A node leaving the group (repeatable).")
        List<String> leavers = new ArrayList<>();

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Proposal file to write.")
        Path outFile;

        @Option(names = "--id", paramLabel = "ID", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
        String beaconId;

        @Mixin
        PeerDialOptions dial;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (joiners.isEmpty() && remainers.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "generate-proposal: no --joiner or --remainer given");
            }
            StringBuilder toml = new StringBuilder();
            try {
                section(toml, "Joining", joiners);
                section(toml, "Remaining", remainers);
                section(toml, "Leaving", leavers);
                Files.writeString(outFile, toml.toString());
            } catch (IOException | IllegalStateException e) {
                err.println("generate-proposal: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println("proposal with " + joiners.size() + " joiners, " + remainers.size()
                    + " remainers, " + leavers.size() + " leavers written to " + outFile);
            return 0;
        }

        private void section(StringBuilder toml, String name, List<String> addrs) {
            for (String a : addrs) {
                IdentityResponse id = fetch(a);
                toml.append("[[").append(name).append("]]\n")
                        .append("Address = \"").append(id.getAddress()).append("\"\n")
                        .append("Key = \"").append(Hex.encode(id.getKey().toByteArray())).append("\"\n")
                        .append("Signature = \"").append(Hex.encode(id.getSignature().toByteArray())).append("\"\n\n");
            }
        }

        private IdentityResponse fetch(String address) {
            ManagedChannel ch = Grpc.newChannelBuilder(address, dial.dialOnly().channelCredentials()).build();
            try {
                IdentityResponse r = ProtocolGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getIdentity(IdentityRequest.newBuilder()
                                .setMetadata(Metadata.newBuilder().setBeaconID(beaconId)).build());
                if (!r.getAddress().equals(address)) {
                    throw new IllegalStateException("node " + address + " calls itself " + r.getAddress()
                            + " (expected the same address: fix the address given or the node's key pair)");
                }
                return r;
            } catch (StatusRuntimeException e) {
                throw new IllegalStateException("cannot get the identity of " + address + ": " + e.getStatus()
                        + (dial.insecure ? "" : " (TLS is on by default: add --insecure for plaintext nodes)"));
            } finally {
                ch.shutdownNow();
            }
        }
    }

    /** Reads a proposal file's participant lists (drand's proposal TOML). */
    static List<Participant> participants(Path file, String name) throws IOException {
        JsonNode root = new TomlMapper().readTree(file.toFile());
        List<Participant> out = new ArrayList<>();
        for (JsonNode n : root.path(name)) {
            out.add(Participant.newBuilder().setAddress(n.path("Address").asText())
                    .setKey(ByteString.copyFrom(Hex.decode(n.path("Key").asText())))
                    .setSignature(ByteString.copyFrom(Hex.decode(n.path("Signature").asText(""))))
                    .build());
        }
        return out;
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Leader: proposes the first DKG of a beacon to the proposal's joiners."},
            footerHeading = "%nExample:%n",
            footer = {"  jdrand dkg init --proposal p.toml --threshold 3 --period 30s --scheme pedersen-bls-chained "
                    + "--catchup-period 5s --genesis-delay 2m"})
    static final class Init extends Base {
        @Option(names = "--proposal", required = true, paramLabel = "FILE", description = "From 'dkg generate-proposal'.")
        Path proposal;

        @Option(names = "--threshold", required = true, description = "Signatures needed per round: n/2+1..n.")
        int threshold;

        @Option(names = "--period", required = true, converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Time between rounds, whole seconds, e.g. 30s.")
        Duration period;

        @Option(names = "--scheme", defaultValue = "pedersen-bls-chained", description = "Scheme ID (default: ${DEFAULT-VALUE}).")
        String scheme;

        @Option(names = "--catchup-period", defaultValue = "0s", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "Time between rounds while catching up (default: ${DEFAULT-VALUE}).")
        Duration catchup;

        @Option(names = "--genesis-delay", required = true, converter = DurationConverter.class, paramLabel = "DURATION",
                description = "Genesis = now + this; the DKG must finish before it.")
        Duration genesisDelay;

        @Option(names = "--timeout", defaultValue = "24h", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "The proposal expires after this (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws IOException {
            Instant now = Instant.now();
            Instant genesis = Instant.ofEpochSecond(now.plus(genesisDelay).getEpochSecond() + 1);
            FirstProposalOptions o = FirstProposalOptions.newBuilder().setTimeout(timestamp(now.plus(timeout)))
                    .setThreshold(threshold).setPeriodSeconds((int) period.toSeconds()).setScheme(scheme)
                    .setCatchupPeriodSeconds((int) catchup.toSeconds()).setGenesisTime(timestamp(genesis))
                    .addAllJoining(participants(proposal, "Joining")).build();
            return send(command().setInitial(o).build(), "proposal sent (epoch 1, genesis " + genesis.getEpochSecond()
                    + "); joiners now run 'jdrand dkg join', then the leader 'jdrand dkg execute'");
        }
    }

    @Command(name = "reshare", mixinStandardHelpOptions = true,
            description = {"Leader: proposes a new group (joiners, remainers, leavers, threshold) that keeps the group "
                    + "key and the chain."},
            footerHeading = "%nExample:%n",
            footer = {"  jdrand dkg reshare --proposal reshare.toml --threshold 4"})
    static final class Reshare extends Base {
        @Option(names = "--proposal", required = true, paramLabel = "FILE", description = "From 'dkg generate-proposal'.")
        Path proposal;

        @Option(names = "--threshold", required = true, description = "New threshold: n/2+1..n of the new group.")
        int threshold;

        @Option(names = "--catchup-period", defaultValue = "0s", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "Catch-up period of the new group (default: ${DEFAULT-VALUE}).")
        Duration catchup;

        @Option(names = "--timeout", defaultValue = "24h", converter = DurationConverter.class, paramLabel = "DURATION",
                description = "The proposal expires after this (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws IOException {
            ProposalOptions o = ProposalOptions.newBuilder().setTimeout(timestamp(Instant.now().plus(timeout)))
                    .setThreshold(threshold).setCatchupPeriodSeconds((int) catchup.toSeconds())
                    .addAllJoining(participants(proposal, "Joining"))
                    .addAllRemaining(participants(proposal, "Remaining"))
                    .addAllLeaving(participants(proposal, "Leaving")).build();
            return send(command().setResharing(o).build(), "reshare proposal sent; remainers run 'jdrand dkg accept', "
                    + "joiners 'jdrand dkg join --group <current group file>', then the leader 'jdrand dkg execute'");
        }
    }

    @Command(name = "join", mixinStandardHelpOptions = true,
            description = {"Joiner: takes part in the proposed ceremony (local only)."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand dkg join                       # first ceremony",
                "  jdrand dkg join --group group.toml    # reshare: the current group file, e.g. from 'jdrand show group'"})
    static final class Join extends Base {
        @Option(names = "--group", paramLabel = "FILE", description = "Current group file (required to join a reshare).")
        Path group;

        @Override
        public Integer call() throws IOException {
            JoinOptions.Builder o = JoinOptions.newBuilder();
            if (group != null) {
                o.setGroupFile(ByteString.copyFrom(Files.readAllBytes(group)));
            }
            return send(command().setJoin(o).build(), "joined; wait for the leader to execute ('jdrand dkg status')");
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = {"Remainer: accepts the proposal."},
            footerHeading = "%nExample:%n", footer = {"  jdrand dkg accept --control 8888"})
    static final class Accept extends Base {
        @Override
        public Integer call() {
            return send(command().setAccept(AcceptOptions.getDefaultInstance()).build(), "accepted");
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = {"Remainer: rejects the proposal."},
            footerHeading = "%nExample:%n", footer = {"  jdrand dkg reject"})
    static final class Reject extends Base {
        @Override
        public Integer call() {
            return send(command().setReject(RejectOptions.getDefaultInstance()).build(), "rejected");
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = {"Aborts the proposal: the leader aborts it everywhere, a participant only locally."},
            footerHeading = "%nExample:%n", footer = {"  jdrand dkg abort"})
    static final class Abort extends Base {
        @Override
        public Integer call() {
            return send(command().setAbort(AbortOptions.getDefaultInstance()).build(), "aborted");
        }
    }

    @Command(name = "execute", mixinStandardHelpOptions = true,
            description = {"Leader: starts the DKG after the kickoff delay; with --wait, follows it to the end."},
            footerHeading = "%nExample:%n", footer = {"  jdrand dkg execute --wait --wait-timeout 2m"})
    static final class Execute extends Base {
        @Option(names = "--wait", description = "Wait until the DKG completes or fails, showing progress.")
        boolean await;

        @Option(names = "--wait-timeout", defaultValue = "3m", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "Give up waiting after this (default: ${DEFAULT-VALUE}).")
        Duration waitTimeout;

        @Override
        public Integer call() {
            int rc = send(command().setExecute(ExecutionOptions.getDefaultInstance()).build(),
                    "execution started; 'jdrand dkg status --watch' follows it");
            if (rc != 0 || !await) {
                return rc;
            }
            return Status.watch(ctl, out(), err(), waitTimeout);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Shows the current and last finished ceremony of a beacon."},
            footerHeading = "%nExamples:%n",
            footer = {"  jdrand dkg status", "  jdrand dkg status --format csv",
                "  jdrand dkg status --watch --wait-timeout 5m   # until Complete, Failed, TimedOut or Aborted"})
    static final class Status extends Base {
        @Option(names = "--format", defaultValue = "pretty", description = "pretty or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--watch", description = "Print every change until the ceremony ends.")
        boolean watch;

        @Option(names = "--wait-timeout", defaultValue = "3m", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "With --watch, give up after this (default: ${DEFAULT-VALUE}).")
        Duration waitTimeout;

        @Override
        public Integer call() {
            if (watch) {
                return watch(ctl, out(), err(), waitTimeout);
            }
            try (ControlClient c = new ControlClient(ctl.control)) {
                DKGStatusResponse r = fetch(c, ctl.beaconId);
                if (format.equals("csv")) {
                    out().println("which,beaconID,state,epoch,threshold,leader,joining,remaining,leaving,acceptors,"
                            + "rejectors,finalGroup");
                    out().println(csv("current", r.getCurrent()));
                    if (r.hasComplete()) {
                        out().println(csv("finished", r.getComplete()));
                    }
                } else {
                    out().println("current:  " + pretty(r.getCurrent()));
                    out().println("finished: " + (r.hasComplete() ? pretty(r.getComplete()) : "none"));
                }
                return 0;
            } catch (StatusRuntimeException e) {
                try (ControlClient c = new ControlClient(ctl.control)) {
                    err().println("dkg status: " + c.explain(e));
                }
                return 1;
            }
        }

        static DKGStatusResponse fetch(ControlClient c, String id) {
            return DKGControlGrpc.newBlockingStub(c.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .dKGStatus(DKGStatusRequest.newBuilder().setBeaconID(id).build());
        }

        /** Polls the status until the ceremony ends: 0 when Complete, 1 otherwise. */
        static int watch(ControlOptions ctl, PrintWriter out, PrintWriter err, Duration timeout) {
            Instant start = Instant.now();
            Instant deadline = start.plus(timeout);
            String last = "";
            try (ControlClient c = new ControlClient(ctl.control)) {
                while (Instant.now().isBefore(deadline)) {
                    DKGEntry e;
                    try {
                        e = fetch(c, ctl.beaconId).getCurrent();
                    } catch (StatusRuntimeException ex) {
                        err.println("dkg status: " + c.explain(ex));
                        return 1;
                    }
                    DkgState s = DkgState.fromNumber(e.getState());
                    String line = s.drandName() + " epoch " + e.getEpoch();
                    if (!line.equals(last)) {
                        out.println("[" + Duration.between(start, Instant.now()).toMillis() / 1000.0 + " s] " + line);
                        out.flush();
                        last = line;
                    }
                    if (s == DkgState.COMPLETE) {
                        out.println("DKG complete: epoch " + e.getEpoch() + ", group of " + e.getFinalGroupCount()
                                + " nodes, threshold " + e.getThreshold());
                        return 0;
                    }
                    if (s == DkgState.FAILED || s == DkgState.TIMED_OUT || s == DkgState.ABORTED) {
                        err.println("DKG ended " + s.drandName() + " at epoch " + e.getEpoch() + ": see the daemon's log for the "
                                + "reason; then 'jdrand dkg init/reshare' again");
                        return 1;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return 1;
                    }
                }
            }
            err.println("dkg status: still " + last + " after " + timeout.toSeconds() + " s (the DKG itself times out; "
                    + "run 'jdrand dkg status' again)");
            return 1;
        }

        private static String addrs(List<Participant> ps) {
            return String.join(" ", ps.stream().map(Participant::getAddress).toList());
        }

        private static String pretty(DKGEntry e) {
            return "state=" + DkgState.fromNumber(e.getState()).drandName() + " epoch=" + e.getEpoch() + " threshold="
                    + e.getThreshold() + " leader=" + e.getLeader().getAddress()
                    + (e.hasGenesisTime() ? " genesis=" + e.getGenesisTime().getSeconds() : "")
                    + "\n          joining=[" + addrs(e.getJoiningList()) + "] remaining=[" + addrs(e.getRemainingList())
                    + "] leaving=[" + addrs(e.getLeavingList()) + "]"
                    + "\n          acceptors=[" + addrs(e.getAcceptorsList()) + "] rejectors=["
                    + addrs(e.getRejectorsList()) + "] finalGroup=[" + String.join(" ", e.getFinalGroupList()) + "]";
        }

        private static String csv(String which, DKGEntry e) {
            return String.join(",", which, e.getBeaconID(), DkgState.fromNumber(e.getState()).drandName(),
                    Integer.toString(e.getEpoch()), Integer.toString(e.getThreshold()), e.getLeader().getAddress(),
                    addrs(e.getJoiningList()), addrs(e.getRemainingList()), addrs(e.getLeavingList()),
                    addrs(e.getAcceptorsList()), addrs(e.getRejectorsList()), String.join(" ", e.getFinalGroupList()));
        }
    }

    @Command(name = "nuke", mixinStandardHelpOptions = true,
            description = {"Deletes the DKG state of a beacon ID (current and finished) from <folder>/dkg.json.",
                "Run it with the daemon stopped; keys, group and share files are kept."},
            footerHeading = "%nExample:%n", footer = {"  jdrand dkg nuke --folder ~/.drand --id default"})
    static final class Nuke implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--folder", paramLabel = "DIR", description = "Base folder (default: ${DEFAULT-VALUE}).")
        Path folder = Path.of(System.getProperty("user.home"), ".drand");

        @Option(names = "--id", paramLabel = "ID", defaultValue = "default", description = "Beacon ID (default: ${DEFAULT-VALUE}).")
        String beaconId;

        @Override
        public Integer call() {
            try {
                boolean had = new DkgStateFile(folder).delete(beaconId);
                spec.commandLine().getOut().println(had ? "dkg state of " + beaconId + " deleted"
                        : "no dkg state for " + beaconId + " in " + folder);
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("dkg nuke: " + e.getMessage());
                return 1;
            }
        }
    }
}
