/**
 * The HTTP relay (drand http-relay): follows one or more nodes over gRPC, verifies and stores
 * every beacon, and feeds the same HTTP API a node serves.
 */
package org.jdrand.node.relay;
