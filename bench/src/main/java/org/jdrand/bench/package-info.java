/** See ARCHITECTURE.md. */
package org.jdrand.bench;
