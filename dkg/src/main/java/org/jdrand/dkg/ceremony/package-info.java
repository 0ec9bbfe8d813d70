/**
 * The drand v2 DKG ceremony around the kyber protocol (spec/dkg.md §8): the states and their
 * transitions ({@link org.jdrand.dkg.ceremony.DkgState}), one node's view of a ceremony as an
 * immutable value ({@link org.jdrand.dkg.ceremony.Ceremony}), the checks of received proposals
 * ({@link org.jdrand.dkg.ceremony.ProposalValidation}), and the exact bytes gossip packets are
 * signed over ({@link org.jdrand.dkg.ceremony.GossipSigning}, {@link org.jdrand.dkg.ceremony.GoTime}).
 * Pure: the node maps protobuf to these values, persists them and runs the DKG at kickoff.
 */
package org.jdrand.dkg.ceremony;
