package org.jdrand.node.metrics;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdrand.node.beacon.BeaconRegistry;
import org.jdrand.node.grpc.MetricsGrpcService;
import org.jdrand.node.grpc.PeerChannels;
import org.jdrand.node.key.Group;

/**
 * drand's {@code /peer/<addr>} on the metrics listener: a group member's registry fetched over
 * {@code drand.Metrics/Metrics}. Only addresses of current group members are dialled, so the
 * metrics port cannot be used to reach arbitrary hosts.
 */
public final class PeerMetrics implements AutoCloseable {
    private static final long DEADLINE_MS = 5_000;

    private final Supplier<Set<String>> members;
    private final PeerChannels channels = new PeerChannels();

    public PeerMetrics(Supplier<Set<String>> members) {
        this.members = members;
    }

    /** The members of every beacon of {@code daemon}. */
    public static PeerMetrics of(BeaconRegistry daemon) {
        return new PeerMetrics(() -> daemon.beacons().stream()
                .map(p -> p.group()).map(Group::nodes).flatMap(java.util.List::stream)
                .map(Group.Member::address).collect(Collectors.toSet()));
    }

    /**
     * The peer's metrics text, empty when {@code address} is not a group member.
     *
     * @throws io.grpc.StatusRuntimeException when the peer does not answer
     */
    public Optional<byte[]> fetch(String address) {
        if (!members.get().contains(address)) {
            return Optional.empty();
        }
        return Optional.of(MetricsGrpcService.fetch(channels.channel(address), DEADLINE_MS));
    }


    @Override
    public void close() {
        channels.close();
    }
}
