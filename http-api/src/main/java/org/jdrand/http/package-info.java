/** See ARCHITECTURE.md. */
package org.jdrand.http;
