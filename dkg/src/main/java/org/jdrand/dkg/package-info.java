/** See ARCHITECTURE.md. */
package org.jdrand.dkg;
