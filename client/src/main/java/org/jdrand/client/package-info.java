/**
 * jdrand-client: drand randomness for JVM applications, verified before use.
 *
 * <p>{@link org.jdrand.client.DrandClient} fetches beacons from drand HTTP APIs (nodes, relays,
 * jdrand nodes; v1 or v2 routes), pinned to one chain, checking every beacon against the chain's
 * public key; it races the fastest endpoints, fails over, backs off failing ones, caches verified
 * beacons and follows new rounds with {@link org.jdrand.client.DrandClient#watch()}.
 * {@link org.jdrand.client.Draw} turns a verified beacon into decisions anyone can re-derive
 * (docs/DRAWS.md).
 *
 * <pre>{@code
 * try (DrandClient drand = DrandClient.builder()
 *         .endpoints("https://api.drand.sh")
 *         .chainHash("52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971")
 *         .build()) {
 *     Beacon latest = drand.latest();
 *     List<String> winners = drand.draw(latest.round(), "raffle").pick(2, List.of("ann", "bob", "cy"));
 * }
 * }</pre>
 *
 * <p>Dependencies: {@code jdrand-crypto} and the JDK ({@code java.net.http}) only.
 */
package org.jdrand.client;
