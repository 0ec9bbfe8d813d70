package org.jdrand.node.engine;

/** drand's two ways of starting a beacon process (internal/core/drand_beacon.go). */
public enum StartMode {
    /** Fresh epoch-1 network: refuses to start once genesis has passed. */
    START,
    /** Restart or late joiner: run from the next round time and sync what is missing. */
    CATCHUP
}
