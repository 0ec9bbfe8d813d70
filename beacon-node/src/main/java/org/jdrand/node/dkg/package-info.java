/**
 * drand v2's DKG ceremony over gRPC: commands, signed gossip, echo broadcast of kyber bundles,
 * timeouts, persisted state, and the hand-off of the group and share to the beacon.
 */
package org.jdrand.node.dkg;
