/** See ARCHITECTURE.md. */
package org.jdrand.node;
