/** BLS signatures over the drand schemes, on any {@link org.jdrand.crypto.BlsBackend}. */
package org.jdrand.crypto.bls;
