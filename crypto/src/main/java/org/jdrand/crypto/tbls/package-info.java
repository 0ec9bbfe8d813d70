/**
 * Threshold BLS as drand uses it (kyber sign/tbls, share/poly): polynomials, shares (0-based
 * index, evaluated at index + 1), partial signatures and Lagrange recovery.
 */
package org.jdrand.crypto.tbls;
