/** See ARCHITECTURE.md. */
package org.jdrand.crypto;
