/** TLS between nodes: listener and dialling credentials, never a silent plaintext fallback. */
package org.jdrand.node.tls;
