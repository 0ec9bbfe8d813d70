/** BLS12-381 backends (blst, Bouncy Castle) and the encoding checks they share. */
package org.jdrand.crypto.backend;
