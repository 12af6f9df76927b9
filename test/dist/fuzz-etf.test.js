// Fuzzing the ETF decoder: random, mutated, truncated, oversized and deeply nested input.
// Every case must either decode or throw an EtfDecodeError, quickly. The case counts are
// printed as diagnostics (node --test shows them) so they can be reported.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decode, encode, EtfDecodeError } from '../../dist/dist/etf.js';
import { binary, bitstring, float, improperList, toList, termEquals, ErlPid, ErlRef } from '../../dist/dist/terms.js';

let cases = 0;
after(() => console.log(`# etf fuzz cases: ${cases}`));

const atomArb = fc.oneof(fc.constantFrom('ok', 'error', 'DOWN', 'EXIT', '$gen_call', ''), fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const leaf = fc.oneof(
  atomArb,
  fc.boolean(), fc.constant(null),
  fc.integer(), fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 600n), max: 2n ** 600n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => float(d)),
  fc.uint8Array({ maxLength: 40 }).map((b) => binary(b)),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 7 })).map(([b, bits]) => {
    const c = Uint8Array.from(b); c[c.length - 1] &= (0xff << (8 - bits)) & 0xff;
    return bitstring(c, (c.length - 1) * 8 + bits);
  }),
  fc.record({ node: fc.constantFrom('a@h', 'b@localhost'), id: fc.nat(), serial: fc.nat(), creation: fc.nat() }).map((p) => new ErlPid(p.node, p.id, p.serial, p.creation)),
  fc.tuple(fc.nat(), fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 5 })).map(([c, ids]) => new ErlRef('a@h', c, ids)),
);
const { term } = fc.letrec((tie) => ({
  term: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('tuple'), tie('list'), tie('improper'), tie('map'), tie('obj')),
  tuple: fc.array(tie('term'), { maxLength: 5 }),
  list: fc.array(tie('term'), { maxLength: 5 }).map(toList),
  improper: fc.tuple(fc.array(tie('term'), { minLength: 1, maxLength: 4 }), leaf).map(([xs, t]) => improperList(xs, Array.isArray(t) ? 1 : t)),
  // a Map stands for a map with a key that is not an atom (maps with atom keys are objects)
  map: fc.uniqueArray(fc.tuple(tie('term').filter((k) => typeof k !== 'string'), tie('term')), { minLength: 1, maxLength: 4, selector: ([k]) => encode(k).toString('hex') }).map((kv) => new Map(kv)),
  obj: fc.dictionary(fc.string({ maxLength: 8 }), tie('term'), { maxKeys: 4 }),
}));

function mustDecodeOrRefuse(bytes) {
  cases++;
  try {
    decode(bytes, { maxDepth: 64, maxBytes: 1 << 20 });
  } catch (e) {
    if (!(e instanceof EtfDecodeError)) throw e;
  }
}

describe('fuzz: ETF decoder', () => {
  it('any term encodes and decodes to an equal term (3,000 terms)', () => {
    fc.assert(fc.property(term, (t) => {
      cases++;
      const bytes = encode(t);
      const back = decode(bytes);
      return termEquals(back, t) && encode(back).equals(bytes);
    }), { numRuns: 3000, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31), path: process.env.FC_PATH, endOnFailure: true, verbose: 2 });
  });
  it('random bytes after 131 never crash (5,000 inputs)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { mustDecodeOrRefuse(Buffer.concat([Buffer.from([131]), b])); }), { numRuns: 5000 });
  });
  it('valid encodings truncated, with bytes flipped or inserted, never crash (5,000 inputs)', () => {
    const mutated = fc.tuple(term, fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('truncate', 'flip', 'insert', 'big')).map(([t, at, byte, how]) => {
      const b = Buffer.from(encode(t));
      const i = b.length > 1 ? 1 + (at % (b.length - 1)) : 0;
      if (how === 'truncate') return b.subarray(0, i);
      if (how === 'flip') { b[i] = byte; return b; }
      if (how === 'insert') return Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
      b.fill(0xff, i, Math.min(b.length, i + 4)); // a huge count or length
      return b;
    });
    fc.assert(fc.property(mutated, mustDecodeOrRefuse), { numRuns: 5000 });
  });
  it('deeply nested tuples, lists and maps are refused at the depth limit, fast (1,000 inputs)', () => {
    const heads = { tuple: [0x68, 1], list: [0x6c, 0, 0, 0, 1], map: [0x74, 0, 0, 0, 1, 0x6a] };
    fc.assert(fc.property(fc.constantFrom('tuple', 'list', 'map'), fc.integer({ min: 65, max: 20000 }), (kind, depth) => {
      cases++;
      const head = heads[kind];
      const b = Buffer.alloc(1 + head.length * depth + 1, 0x6a);
      b[0] = 131;
      for (let i = 0; i < depth; i++) b.set(head, 1 + i * head.length);
      assert.throws(() => decode(b, { maxDepth: 64 }), /nesting deeper than 64/);
    }), { numRuns: 1000 });
  });
  it('a megabyte of garbage and a claimed 4 GiB binary are refused without allocating them', () => {
    cases += 2;
    mustDecodeOrRefuse(Buffer.concat([Buffer.from([131]), Buffer.alloc(1 << 20, 0x6c)]));
    assert.throws(() => decode(Buffer.from([131, 109, 255, 255, 255, 255, 0])), EtfDecodeError);
  });
});
