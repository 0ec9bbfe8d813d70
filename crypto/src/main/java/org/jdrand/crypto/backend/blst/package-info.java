/** The blst (JNI) BLS12-381 backend: fast, native, the default. */
package org.jdrand.crypto.backend.blst;
