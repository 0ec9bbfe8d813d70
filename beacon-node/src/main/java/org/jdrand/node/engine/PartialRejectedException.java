package org.jdrand.node.engine;

/** A peer's partial broke a rule (future round, bad length, unknown or own index, bad signature). */
public class PartialRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PartialRejectedException(String message) {
        super(message);
    }
}
