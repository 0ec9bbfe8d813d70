/**
 * drand v2's DKG ceremony on domain values: transport, timers, files and persistence around the
 * dkg module's ceremony model, whose transitions alone change a ceremony's state.
 * {@link org.jdrand.node.dkg.DkgProcess} coordinates on one owner thread:
 * {@link org.jdrand.node.dkg.OperatorCommands} and {@link org.jdrand.node.dkg.PacketIntake} apply
 * {@code Ceremony} transitions to the entries of {@link org.jdrand.node.dkg.CeremonyBook},
 * {@link org.jdrand.node.dkg.ExecutionRunner} runs the kyber session fed by
 * {@link org.jdrand.node.dkg.BundleInbox} and hands the files {@link org.jdrand.node.dkg.GroupFileWriter}
 * wrote to the beacon, {@link org.jdrand.node.dkg.GossipFanout} sends with scheduled retries through a
 * {@link org.jdrand.node.dkg.DkgNetwork}. No protobuf here: {@code node.grpc.dkg} is the adapter.
 */
package org.jdrand.node.dkg;
