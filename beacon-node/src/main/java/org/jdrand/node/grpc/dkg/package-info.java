/**
 * The DKG's gRPC adapter: drand's {@code dkg.DKGControl} and {@code dkg.DKGPublic} services, the
 * gRPC {@link org.jdrand.node.dkg.DkgNetwork}, and {@link org.jdrand.node.grpc.dkg.DkgWire}, the one
 * mapper between the {@code dkg} wire types and the ceremony's domain values.
 */
package org.jdrand.node.grpc.dkg;
