// The status page: one card per chain, fed by the chain's Server-Sent Events stream. No
// external requests: everything is fetched from this server, relative to the page.
import { verifyBeacon } from './verify.js';

const HISTORY = 10;
const main = document.getElementById('chains');

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function json(url) {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
  return r.json();
}

function short(hex) {
  return hex.length > 16 ? hex.slice(0, 8) + '…' + hex.slice(-8) : hex;
}

function fmtTime(unixSeconds) {
  return new Date(unixSeconds * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
}

class ChainCard {
  constructor(hash, info) {
    this.hash = hash;
    this.info = info;
    this.offsetMs = 0; // server clock − browser clock, from the stream's clock event
    this.rows = []; // {round, latency}
    this.latest = null;
    this.build();
  }

  timeOfRound(round) {
    return this.info.genesis_time + (round - 1) * this.info.period;
  }

  chainNowMs() {
    return Date.now() + this.offsetMs;
  }

  build() {
    const i = this.info;
    this.roundEl = el('div', { class: 'big', 'data-role': 'round' }, '—');
    this.countdownEl = el('div', { class: 'big', 'data-role': 'countdown' }, '—');
    this.nextEl = el('div', { class: 'muted' }, '');
    this.verifyEl = el('span', { class: 'badge wait', 'data-role': 'verify' }, 'waiting for a beacon');
    this.verifyWhy = el('div', { class: 'muted' }, '');
    this.randEl = el('div', { class: 'hex', 'data-role': 'randomness' }, '—');
    this.connEl = el('span', { class: 'muted' }, 'connecting…');
    this.tbody = el('tbody');
    this.card = el('section', { class: 'card', 'data-chain': this.hash, 'data-latest-round': '0', 'data-verify': 'pending' },
      el('h2', {}, i.metadata && i.metadata.beaconID ? i.metadata.beaconID : 'chain', ' ',
        el('span', { class: 'muted hex' }, short(this.hash))),
      el('div', { class: 'top' },
        el('div', {}, el('div', { class: 'label' }, 'latest round'), this.roundEl),
        el('div', {}, el('div', { class: 'label' }, 'next round in'), this.countdownEl, this.nextEl),
        el('div', {}, el('div', { class: 'label' }, 'verified in your browser'), this.verifyEl, this.verifyWhy)),
      el('h3', {}, 'Randomness'), this.randEl,
      el('h3', {}, 'Last rounds'),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'round'), el('th', {}, 'round time'),
        el('th', {}, 'arrived after round time'))), this.tbody),
      el('h3', {}, 'Chain'),
      el('dl', {},
        el('dt', {}, 'scheme'), el('dd', {}, i.schemeID),
        el('dt', {}, 'period'), el('dd', {}, i.period + ' s'),
        el('dt', {}, 'genesis'), el('dd', {}, fmtTime(i.genesis_time)),
        el('dt', {}, 'group key'), el('dd', { class: 'hex' }, i.public_key),
        el('dt', {}, 'chain hash'), el('dd', { class: 'hex' }, i.hash),
        el('dt', {}, 'stream'), el('dd', {}, this.connEl)));
    this.membersBox = el('div');
    this.card.append(this.membersBox);
    main.append(this.card);
  }

  start() {
    this.loadHistory();
    this.loadMembers();
    setInterval(() => this.loadMembers(), Math.max(2000, this.info.period * 1000));
    const es = new EventSource('v2/chains/' + this.hash + '/rounds/stream');
    es.addEventListener('clock', (e) => {
      this.offsetMs = JSON.parse(e.data).now_ms - Date.now();
    });
    es.onopen = () => { this.connEl.textContent = 'live (Server-Sent Events)'; };
    es.onerror = () => { this.connEl.textContent = 'reconnecting…'; };
    es.onmessage = (e) => this.onBeacon(JSON.parse(e.data), true);
    setInterval(() => this.tick(), 100);
  }

  async loadHistory() {
    try {
      const latest = await json(this.hash + '/public/latest');
      const from = Math.max(1, latest.round - HISTORY + 1);
      const rounds = await json('v2/chains/' + this.hash + '/rounds?from=' + from + '&to=' + latest.round);
      for (const b of rounds) this.addRow(b.round, null);
    } catch (e) {
      // a chain with no beacon yet: the stream fills the table
    }
  }

  async loadMembers() {
    let members;
    try {
      members = await json('v2/chains/' + this.hash + '/members');
    } catch (e) {
      return; // a relay, or a server that does not know the group
    }
    const body = el('tbody');
    for (const m of members) {
      const state = m.answered_recently ? 'ok' : (m.last_seen_ms_ago === null ? 'wait' : 'bad');
      const seen = m.this_node ? 'this node' : m.last_seen_ms_ago === null ? 'not heard from'
        : (m.last_seen_ms_ago / 1000).toFixed(1) + ' s ago';
      body.append(el('tr', { 'data-member': String(m.index), 'data-answered': String(m.answered_recently) },
        el('td', {}, el('span', { class: 'dot ' + state }), String(m.index)), el('td', { class: 'hex' }, m.address),
        el('td', {}, seen)));
    }
    this.membersBox.replaceChildren(el('h3', {}, 'Group members'),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'index'), el('th', {}, 'address'),
        el('th', {}, 'last partial'))), body));
  }

  addRow(round, latencyMs) {
    if (this.rows.some((r) => r.round === round)) {
      const row = this.rows.find((r) => r.round === round);
      if (latencyMs !== null) row.latency = latencyMs;
    } else {
      this.rows.push({ round, latency: latencyMs });
      this.rows.sort((a, b) => b.round - a.round);
      this.rows.length = Math.min(this.rows.length, HISTORY);
    }
    this.tbody.replaceChildren(...this.rows.map((r) => el('tr', {},
      el('td', {}, String(r.round)), el('td', {}, fmtTime(this.timeOfRound(r.round))),
      el('td', {}, r.latency === null ? '—' : (r.latency / 1000).toFixed(2) + ' s'))));
  }

  onBeacon(b, live) {
    const latency = live ? this.chainNowMs() - this.timeOfRound(b.round) * 1000 : null;
    this.addRow(b.round, latency);
    if (this.latest && b.round <= this.latest.round) return;
    this.latest = b;
    this.card.dataset.latestRound = String(b.round);
    this.roundEl.textContent = String(b.round);
    this.roundEl.classList.remove('arrived');
    void this.roundEl.offsetWidth; // restart the animation
    this.roundEl.classList.add('arrived');
    this.randEl.textContent = b.randomness || '—';
    this.verify(b);
  }

  verify(b) {
    this.verifyEl.className = 'badge wait';
    this.verifyEl.textContent = 'verifying round ' + b.round + '…';
    this.card.dataset.verify = 'pending';
    // let the page paint first: a pairing takes a few tens of milliseconds
    setTimeout(() => {
      if (this.latest !== b) return;
      const r = verifyBeacon(this.info, b);
      this.card.dataset.verify = r.ok ? 'verified' : 'failed';
      this.card.dataset.verifiedRound = String(b.round);
      this.verifyEl.className = 'badge ' + (r.ok ? 'ok' : 'bad');
      this.verifyEl.textContent = (r.ok ? '✓ verified' : '✗ NOT verified') + ' (round ' + b.round + ')';
      this.verifyWhy.textContent = r.reason;
    }, 0);
  }

  tick() {
    const i = this.info;
    const nowS = this.chainNowMs() / 1000;
    if (nowS < i.genesis_time) {
      this.countdownEl.textContent = (i.genesis_time - nowS).toFixed(1) + ' s';
      this.nextEl.textContent = 'round 1 (genesis)';
      return;
    }
    const current = Math.floor((nowS - i.genesis_time) / i.period) + 1;
    const next = current + 1;
    this.countdownEl.textContent = Math.max(0, this.timeOfRound(next) - nowS).toFixed(1) + ' s';
    this.nextEl.textContent = 'round ' + next;
  }
}

async function main_() {
  try {
    const hashes = await json('v2/chains');
    document.getElementById('loading').remove();
    for (const h of hashes) {
      const info = await json(h + '/info');
      new ChainCard(h, info).start();
    }
  } catch (e) {
    document.getElementById('loading').textContent = 'Could not load the chains: ' + e.message;
  }
}

main_();
