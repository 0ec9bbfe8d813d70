package org.jdrand.node.engine;

/** Sends this node's partial to every other member (asynchronously; failures are counted, not thrown). */
@FunctionalInterface
public interface PartialSender {
    void sendPartial(long round, byte[] previousSignature, byte[] partial);
}
