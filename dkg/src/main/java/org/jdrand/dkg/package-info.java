/**
 * drand's Pedersen (Joint-Feldman) DKG and resharing, byte-compatible with drand/kyber
 * share/dkg (spec/dkg.md), as a pure state machine: no threads, clock, I/O or logging;
 * randomness is an injected {@link java.security.SecureRandom}, time arrives as events.
 *
 * <p>Driving a {@link org.jdrand.dkg.DkgSession} from a transport (one owner thread per session):
 * <ol>
 *   <li>Build a {@link org.jdrand.dkg.DkgConfig} ({@code fresh} for epoch 1, {@code reshare}
 *       after; nodes from {@link org.jdrand.dkg.DkgConfig#sortedByPublicKey}, session id from
 *       {@link org.jdrand.dkg.DkgConfig#sessionId(long)}) and {@code DkgSession.create}. Bundles
 *       may be fed before the kickoff; they are kept.</li>
 *   <li>At the kickoff call {@code start()} and schedule the phase timers as drand's
 *       TimePhaser does: {@code onPhaseTimeout(DEAL)} at kickoff + 10 s,
 *       {@code onPhaseTimeout(RESPONSE)} at + 20 s, {@code onPhaseTimeout(JUSTIFICATION)} at
 *       + 30 s. A timer for a phase the session already left (fast sync) does nothing.</li>
 *   <li>Feed every received {@code dkg.Packet} bundle to {@code onBundle}. The returned
 *       {@link org.jdrand.dkg.DkgStep} says whether it was new (ACCEPTED or LATE: re-broadcast it
 *       once, as drand's echo broadcaster does), a DUPLICATE, a CONFLICT or REJECTED (with the
 *       reason, for the log).</li>
 *   <li>Broadcast every bundle returned by {@code start}, {@code onBundle} and
 *       {@code onPhaseTimeout} to all participants (a session counts its own bundles itself;
 *       echoing them back is a harmless duplicate).</li>
 *   <li>When {@code phase()} is FINISH, {@code outcome()} holds a {@link org.jdrand.dkg.DkgResult}
 *       (share, public polynomial, QUAL) or a {@link org.jdrand.dkg.DkgFailure} naming the
 *       excluded nodes and why.</li>
 * </ol>
 *
 * <p>Differences from kyber, all on the safe side: a bundle with another session id is dropped
 * on receipt (kyber evicts its signer, which a replay of an old epoch would abuse); a fresh DKG
 * also fails when fewer than t nodes qualify. Leavers do not run the protocol (drand v2); the
 * {@code ceremony} subpackage is the v2 orchestration around it.
 */
package org.jdrand.dkg;
