package org.jdrand.dkg;

/** kyber's phases, in order: a session only moves forward. */
public enum DkgPhase {
    INIT, DEAL, RESPONSE, JUSTIFICATION, FINISH
}
