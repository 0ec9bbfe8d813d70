// Verifies a drand beacon in the browser with @noble/curves (served by this node, pinned in
// http-api/src/main/js/package-lock.json): the BLS signature against the chain's group key on
// the scheme's message and hash-to-curve DST, and the randomness as sha256(signature).
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

const DST_G1 = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const DST_G2 = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_';

// scheme ID -> [signatures in G2 (long) or G1 (short), DST, chained]
const SCHEMES = {
  'pedersen-bls-chained': ['long', DST_G2, true],
  'pedersen-bls-unchained': ['long', DST_G2, false],
  'bls-unchained-g1-rfc9380': ['short', DST_G1, false],
  'bls-unchained-on-g1': ['short', DST_G2, false], // drand's historic G2 DST on G1
};

function roundBytes(round) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(round));
  return b;
}

/** The message a round's signature covers under {@code schemeID}. */
export function message(schemeID, round, previousSignatureHex) {
  const chained = SCHEMES[schemeID][2];
  if (!chained) {
    return sha256(roundBytes(round));
  }
  const prev = hexToBytes(previousSignatureHex || '');
  const m = new Uint8Array(prev.length + 8);
  m.set(prev, 0);
  m.set(roundBytes(round), prev.length);
  return sha256(m);
}

/**
 * {ok, reason}: ok is true only when the signature verifies under the chain's public key and
 * the randomness (when present) is sha256 of the signature.
 */
export function verifyBeacon(info, beacon) {
  const scheme = SCHEMES[info.schemeID];
  if (!scheme) {
    return { ok: false, reason: 'scheme ' + info.schemeID + ' cannot be checked in the browser' };
  }
  try {
    const sigs = scheme[0] === 'long' ? bls.longSignatures : bls.shortSignatures;
    const signature = hexToBytes(beacon.signature);
    const point = sigs.hash(message(info.schemeID, beacon.round, beacon.previous_signature), scheme[1]);
    if (!sigs.verify(signature, point, hexToBytes(info.public_key))) {
      return { ok: false, reason: 'signature does not verify under the group key' };
    }
    if (beacon.randomness !== undefined && beacon.randomness !== bytesToHex(sha256(signature))) {
      return { ok: false, reason: 'randomness is not sha256(signature)' };
    }
    return { ok: true, reason: 'signature valid under the group key' };
  } catch (e) {
    return { ok: false, reason: 'malformed beacon: ' + e.message };
  }
}
