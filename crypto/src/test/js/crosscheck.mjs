// Independent cross-check of jdrand's BN254 (evmnet) signatures with @kevincharm/noble-bn254-drand.
//   node crosscheck.mjs verify CASES.json   -> one line per case: "<i> valid" or "<i> invalid"
//   node crosscheck.mjs sign COUNT          -> JSON [{public_key, round, signature}] signed by fresh random keys
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { bn254 } from '@kevincharm/noble-bn254-drand';
import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils';

const DST = 'BLS_SIG_BN254G1_XMD:KECCAK-256_SVDW_RO_NUL_';

function roundMessage(round) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(round));
  return keccak_256(b);
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'verify') {
  const cases = JSON.parse(readFileSync(arg, 'utf8'));
  cases.forEach((c, i) => {
    let ok;
    try {
      ok = bn254.verifyShortSignature(hexToBytes(c.signature), roundMessage(c.round), hexToBytes(c.public_key), { DST });
    } catch (e) {
      ok = false;
    }
    console.log(`${i} ${ok ? 'valid' : 'invalid'}`);
  });
} else if (mode === 'sign') {
  const out = [];
  for (let i = 0; i < Number(arg); i++) {
    const priv = bn254.utils.randomPrivateKey();
    const round = BigInt('0x' + bytesToHex(randomBytes(4))) + 1n;
    const sig = bn254.signShortSignature(roundMessage(round), priv, { DST });
    out.push({
      public_key: bytesToHex(bn254.getPublicKeyForShortSignatures(priv)),
      round: Number(round),
      signature: bytesToHex(sig), // bytes in, bytes out (kyber x ‖ y)
    });
  }
  console.log(JSON.stringify(out));
} else {
  console.error('usage: crosscheck.mjs verify CASES.json | sign COUNT');
  process.exit(2);
}
