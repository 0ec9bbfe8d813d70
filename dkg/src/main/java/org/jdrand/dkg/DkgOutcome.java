package org.jdrand.dkg;

/** How a DKG session ended: a {@link DkgResult} or a {@link DkgFailure}. */
public sealed interface DkgOutcome permits DkgResult, DkgFailure {}
