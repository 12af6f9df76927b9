// Fuzzing the protocol layer: epmd replies, the handshake state machine, frames on a live
// connection, and raw TCP garbage at a listening node. Every case must end in a typed error or
// a closed connection — no crash, no hang — and the node must keep serving. Case counts are
// printed as diagnostics.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createServer, connect } from 'node:net';
import fc from 'fast-check';
import { parseAliveReply, parsePortReply, parseNames, portPlease, register, names, EpmdError } from '../../dist/dist/epmd.js';
import { Handshake, HandshakeError, ourFlags } from '../../dist/dist/handshake.js';
import { Connection, FrameReader } from '../../dist/dist/connection.js';
import { EtfDecodeError, encode } from '../../dist/dist/etf.js';
import { DistNode } from '../../dist/dist/node.js';
import { ErlPid } from '../../dist/dist/terms.js';

const counts = {};
const count = (k, n = 1) => { counts[k] = (counts[k] ?? 0) + n; };
after(() => console.log(`# protocol fuzz cases: ${JSON.stringify(counts)}`));

const typed = (f, ...types) => {
  try { return f(); } catch (e) { if (!types.some((T) => e instanceof T)) throw e; return e; }
};

describe('fuzz: epmd replies', () => {
  it('the reply parsers return or throw EpmdError for any bytes (3 × 3,000 inputs)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(118, 119, 121, 0), (b, first) => {
      count('epmd parse', 3);
      const c = Buffer.from(b);
      if (c.length > 0 && first !== 0) c[0] = first;
      typed(() => parseAliveReply(c), EpmdError);
      typed(() => parsePortReply(c), EpmdError);
      typed(() => parseNames(c), EpmdError);
    }), { numRuns: 3000 });
  });
  it('a lying epmd (random, truncated or endless replies) gives an EpmdError or an answer, in time (300 exchanges)', async () => {
    let reply = Buffer.alloc(0), mode = 'close';
    const server = createServer((s) => {
      s.on('error', () => {});
      s.once('data', () => {
        if (mode === 'silent') return;
        if (mode === 'flood') { const big = Buffer.alloc(70000, 0x41); s.write(big); return; }
        s.end(reply);
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const port = server.address().port;
    try {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 40 }), fc.constantFrom('close', 'close', 'close', 'silent', 'flood'), fc.constantFrom(118, 119, 121), fc.constantFrom('port', 'register', 'names'), async (b, m, first, op) => {
        count('epmd tcp');
        reply = Buffer.from(b); mode = m;
        if (reply.length > 0) reply[0] = first;
        // a silent epmd is waited for only briefly: the timeout is what that case tests
        const opts = { port, timeout: m === 'silent' ? 20 : 200 };
        try {
          if (op === 'port') await portPlease('x', '127.0.0.1', opts);
          else if (op === 'names') await names(opts);
          else (await register('x', 1234, opts)).close();
        } catch (e) {
          assert.ok(e instanceof EpmdError, String(e));
        }
      }), { numRuns: 300 });
    } finally {
      server.close();
    }
  });
});

const cfg = (name, cookie) => ({ name, cookie, flags: ourFlags(false), creation: 42 });

/** Runs a handshake between two in-memory parties, delivering bytes through `wire`. */
function pair(wire, { cookieA = 'c', cookieB = 'c' } = {}) {
  const a = new Handshake('initiator', cfg('a@h', cookieA), 'b@h');
  const b = new Handshake('acceptor', cfg('b@h', cookieB));
  let toB = [a.start()], toA = [];
  for (let round = 0; round < 10 && (toA.length || toB.length); round++) {
    const nb = [], na = [];
    for (const m of toB) nb.push(...b.feed(wire(m)));
    for (const m of toA) na.push(...a.feed(wire(m)));
    toA = nb; toB = na;
  }
  return [a, b];
}

describe('fuzz: handshake state machine', () => {
  it('two parties with one cookie agree whatever the chunking (1,000 runs)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), (cuts) => {
      count('handshake pair');
      const a = new Handshake('initiator', cfg('a@h', 'c'), 'b@h');
      const b = new Handshake('acceptor', cfg('b@h', 'c'));
      const chunked = (party, bytes) => {
        const out = [];
        for (let i = 0, k = 0; i < bytes.length; k++) { const n = cuts[k % cuts.length]; out.push(...party.feed(bytes.subarray(i, i + n))); i += n; }
        return out;
      };
      let toB = a.start(), toA;
      toA = Buffer.concat(chunked(b, toB));
      toB = Buffer.concat(chunked(a, toA));
      const last = Buffer.concat(chunked(b, toB));
      chunked(a, last);
      return a.done?.peer === 'b@h' && b.done?.peer === 'a@h' && a.done.creation === 42;
    }), { numRuns: 1000 });
  });
  it('different cookies fail with reason cookie', () => {
    count('handshake cookie');
    assert.throws(() => pair((m) => m, { cookieA: 'x', cookieB: 'y' }), (e) => e instanceof HandshakeError && e.reason === 'cookie');
  });
  it('a byte changed in transit ends in a HandshakeError or (harmlessly) success (3,000 runs)', () => {
    fc.assert(fc.property(fc.nat(), fc.nat({ max: 255 }), fc.nat({ max: 3 }), (at, byte, which) => {
      count('handshake mutation');
      let n = 0;
      typed(() => pair((m) => { if (n++ !== which) return m; const c = Buffer.from(m); c[at % c.length] = byte; return c; }), HandshakeError);
    }), { numRuns: 3000 });
  });
  it('random and oversized input to either role ends in a HandshakeError (2 × 3,000 runs)', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 6 }), fc.constantFrom(0x4e, 0x6e, 0x73, 0x72, 0x61, 0x63, 0xff), (chunks, tag) => {
      for (const role of ['initiator', 'acceptor']) {
        count('handshake random');
        const h = new Handshake(role, cfg('a@h', 'c'), 'b@h');
        if (role === 'initiator') h.start();
        typed(() => { for (const c of chunks) { const b = Buffer.from(c); if (b.length > 2) b[2] = tag; h.feed(b); } }, HandshakeError);
      }
    }), { numRuns: 3000 });
  });
});

/** A socket stand-in for Connection: records writes and destroy. */
class FakeSocket extends EventEmitter {
  written = 0; destroyed = false;
  setNoDelay() {}
  write(b) { this.written += b.length; return true; }
  destroy() { this.destroyed = true; }
}

describe('fuzz: frames on a live connection', () => {
  it('FrameReader refuses frames over the limit and splits any chunking (2,000 runs)', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 30 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }), (frames, cuts) => {
      count('frame reader');
      const stream = Buffer.concat(frames.map((f) => Buffer.concat([Buffer.from([0, 0, 0, f.length]), f])));
      const got = [];
      const r = new FrameReader(1000);
      for (let i = 0, k = 0; i < stream.length; k++) { const n = cuts[k % cuts.length]; r.push(stream.subarray(i, i + n), (f) => got.push(Buffer.from(f))); i += n; }
      assert.deepEqual(got.map((g) => g.toString('hex')), frames.map((f) => Buffer.from(f).toString('hex')));
      assert.throws(() => new FrameReader(10).push(Buffer.from([0, 0, 1, 0]), () => {}), EtfDecodeError);
    }), { numRuns: 2000 });
  });
  it('garbage, truncated, oversized and deeply nested frames close the connection; the process lives (3,000 runs)', () => {
    const valid = Buffer.concat([Buffer.from([112]), encode([2, '', new ErlPid('a@h', 1, 0, 1)]), encode(['hello', [1, 2]])]);
    const nested = Buffer.concat([Buffer.from([112, 131]), Buffer.alloc(4000, 0x68).map((v, i) => (i % 2 ? 1 : 0x68)), Buffer.from([0x6a])]);
    const framed = (b) => Buffer.concat([Buffer.alloc(4), b]).fill(0, 0, 4).map((v, i) => (i < 4 ? (b.length >>> (8 * (3 - i))) & 255 : v));
    fc.assert(fc.property(fc.constantFrom('random', 'mutated', 'truncated', 'oversized', 'nested', 'fragment'), fc.uint8Array({ maxLength: 100 }), fc.nat(), (kind, rnd, at) => {
      count('connection frame');
      let closedWith = null, controls = 0;
      const s = new FakeSocket();
      const c = new Connection(s, 'b@h', ourFlags(false), { onControl: () => { controls++; }, onClose: (_, r) => { closedWith = r; } }, { maxFrame: 1 << 16, maxDepth: 64, tickTime: 1e9 });
      let bytes;
      if (kind === 'random') bytes = Buffer.from(rnd);
      else if (kind === 'mutated') { const v = Buffer.from(valid); v[at % v.length] = rnd[0] ?? 0; bytes = framed(v); }
      else if (kind === 'truncated') bytes = framed(valid).subarray(0, at % (valid.length + 4));
      else if (kind === 'oversized') bytes = Buffer.from([0xff, 0xff, 0xff, 0xff, ...rnd]);
      else if (kind === 'nested') bytes = framed(nested);
      else bytes = framed(Buffer.from([69, ...rnd]));
      s.emit('data', bytes);
      if (kind === 'oversized' || kind === 'nested' || kind === 'fragment') assert.ok(closedWith !== null, `${kind} must close`);
      if (closedWith !== null) assert.ok(s.destroyed);
      else assert.ok(controls <= 1);
      c.close('done');
    }), { numRuns: 3000 });
  });
});

describe('fuzz: TCP garbage at a listening node', () => {
  it('random, truncated and oversized handshakes are dropped; the node still accepts a real peer (200 connections)', async () => {
    const logs = [];
    const epmdPort = 20000 + Math.floor(Math.random() * 20000);
    const fake = createServer((s) => { s.on('error', () => {}); s.once('data', () => s.end(Buffer.from([118, 0, 0, 0, 0, 1]))); });
    await new Promise((r) => fake.listen(epmdPort, '127.0.0.1', r));
    const node = new DistNode({ name: 'target@h', cookie: 'c', epmd: { port: epmdPort, start: false }, log: (l) => logs.push(l), connectTimeout: 300 });
    await node.start();
    const start = new Handshake('initiator', cfg('x@h', 'c'), 'target@h').start();
    try {
      await fc.assert(fc.asyncProperty(fc.constantFrom('random', 'truncated', 'oversized', 'badname'), fc.uint8Array({ maxLength: 200 }), fc.nat(), async (kind, rnd, at) => {
        count('tcp garbage');
        let bytes;
        if (kind === 'random') bytes = Buffer.from(rnd);
        else if (kind === 'truncated') bytes = start.subarray(0, at % start.length);
        else if (kind === 'oversized') bytes = Buffer.from([0xff, 0xff, ...rnd]);
        else { const b = Buffer.from(start); b.write('@@', b.length - 2); bytes = b; }
        await new Promise((resolve) => {
          const s = connect({ host: '127.0.0.1', port: node.port }, () => s.end(bytes));
          s.on('error', resolve);
          s.on('close', resolve);
          s.resume();
        });
      }), { numRuns: 200 });
      // the node still works: a real peer completes a handshake on the same port
      const up = new Promise((resolve) => node.once('nodeup', resolve));
      let sock;
      const ok = await new Promise((resolve) => {
        const s = (sock = connect({ host: '127.0.0.1', port: node.port }));
        const hs = new Handshake('initiator', cfg('peer@h', 'c'), 'target@h');
        s.on('connect', () => s.write(hs.start()));
        s.on('data', (d) => { try { for (const o of hs.feed(d)) s.write(o); if (hs.done) resolve(true); } catch { resolve(false); } });
        s.on('error', () => resolve(false));
      });
      assert.equal(ok, true);
      assert.equal(await up, 'peer@h');
      sock.destroy();
    } finally {
      await node.stop();
      fake.close();
    }
  });
});
