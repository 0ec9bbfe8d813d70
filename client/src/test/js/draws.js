// An independent implementation of docs/DRAWS.md (jdrand-draw-v1), written from that document
// alone, with nothing but Node's crypto. Usage: node draws.js draw-vectors.json
// Prints one line per vector ("ok <name>" or "MISMATCH <name> ...") and exits 1 on any mismatch.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');

const sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const be32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const be64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };

// §1
function seed(chainHash, round, randomness, label) {
  const l = Buffer.from(label, 'utf8');
  return sha256(Buffer.from('jdrand-draw-v1', 'ascii'), Buffer.from([0]), chainHash, be64(round), randomness,
    be32(l.length), l);
}

// §2 and §3
class Stream {
  constructor(seed) { this.seed = seed; this.block = Buffer.alloc(0); this.pos = 0; this.i = 0n; }
  byte() {
    if (this.pos === this.block.length) {
      this.block = sha256(this.seed, be64(this.i));
      this.i += 1n;
      this.pos = 0;
    }
    return this.block[this.pos++];
  }
  uniform(n) { // n: BigInt, 1 <= n <= 2^63-1
    if (n < 1n || n > (1n << 63n) - 1n) throw new Error('bound out of range: ' + n);
    const k = (n - 1n).toString(2).length - ((n - 1n) === 0n ? 1 : 0);
    if (k === 0) return 0n;
    const b = Math.ceil(k / 8);
    const mask = (1n << BigInt(k)) - 1n;
    for (;;) {
      let x = 0n;
      for (let i = 0; i < b; i++) x = (x << 8n) | BigInt(this.byte());
      x &= mask;
      if (x < n) return x;
    }
  }
}

// §4
function integers(sd, count, min, max) {
  const s = new Stream(sd);
  const n = max - min + 1n;
  const out = [];
  for (let i = 0; i < count; i++) out.push(min + s.uniform(n));
  return out;
}

// §5
function pick(sd, k, items) {
  const a = items.slice();
  const s = new Stream(sd);
  const n = a.length;
  for (let i = 0; i < k; i++) {
    const j = i + Number(s.uniform(BigInt(n - i)));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

// §6
function pickWeighted(sd, k, items, weights) {
  const left = items.map((item, i) => ({ item, w: weights[i] }));
  const s = new Stream(sd);
  const out = [];
  for (let p = 0; p < k; p++) {
    const total = left.reduce((t, e) => t + e.w, 0n);
    let x = s.uniform(total);
    let idx = 0;
    while (x >= left[idx].w) { x -= left[idx].w; idx++; }
    out.push(left[idx].item);
    left.splice(idx, 1);
  }
  return out;
}

const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let bad = 0;
for (const v of doc.vectors) {
  const b = doc.beacons[v.beacon];
  const randomness = sha256(Buffer.from(b.signature, 'hex')); // randomness = SHA-256(signature)
  if (randomness.toString('hex') !== b.randomness) throw new Error('randomness mismatch in ' + v.name);
  const sd = seed(Buffer.from(b.chain_hash, 'hex'), b.round, randomness, v.label);
  const s = new Stream(sd);
  const prefix = Buffer.from(Array.from({ length: 64 }, () => s.byte()));
  let got;
  switch (v.op) {
    case 'integers': got = integers(sd, v.count, BigInt(v.min), BigInt(v.max)).map(String); break;
    case 'pick': got = pick(sd, v.k, v.items); break;
    case 'shuffle': got = pick(sd, v.items.length, v.items); break;
    case 'pick_weighted': got = pickWeighted(sd, v.k, v.items, v.weights.map(BigInt)); break;
    default: throw new Error('unknown op ' + v.op);
  }
  const ok = sd.toString('hex') === v.seed && prefix.toString('hex') === v.stream_prefix
    && JSON.stringify(got) === JSON.stringify(v.expected);
  if (ok) {
    console.log('ok ' + v.name);
  } else {
    bad++;
    console.log('MISMATCH ' + v.name + ' got ' + JSON.stringify(got) + ' seed ' + sd.toString('hex'));
  }
}
console.log(bad === 0 ? 'all ' + doc.vectors.length + ' vectors reproduced' : bad + ' mismatches');
process.exit(bad === 0 ? 0 : 1);
