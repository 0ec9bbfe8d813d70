/**
 * A node's key pair, identity, group and share, and their files in drand's layout and TOML
 * formats (spec node-protocol.md §8). Secrets never print and are written 0600.
 */
package org.jdrand.node.key;
