import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { decode, encode, EtfDecodeError, EtfEncodeError } from '../../dist/dist/etf.js';
import { atom, binary, bitstring, charlist, float, improperList, list, toList, termEquals, List, Binary, Float, ErlPid, ErlRef, ErlOpaque } from '../../dist/dist/terms.js';

const hex = (s) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const roundTrip = (t) => decode(encode(t));

describe('etf encode: the bytes the BEAM expects', () => {
  it('a tuple of an atom and a small integer is {:ok, 1}', () => {
    assert.equal(encode(['ok', 1]).toString('hex'), '83' + '6802' + '77026f6b' + '6101');
  });
  it('integers pick small, 32-bit and big forms', () => {
    assert.equal(encode(255).toString('hex'), '8361ff');
    assert.equal(encode(-1).toString('hex'), '8362ffffffff');
    assert.equal(encode(2 ** 31).toString('hex'), '836e040000000080');
    assert.equal(encode(-(2n ** 64n)).toString('hex'), '836e0901' + '0000000000000000' + '01');
  });
  it('lists of bytes use STRING_EXT; other lists LIST_EXT with NIL; improper lists their tail', () => {
    assert.equal(encode(charlist('hi')).toString('hex'), '836b00026869');
    assert.equal(encode(list(256)).toString('hex'), '836c00000001' + '6200000100' + '6a');
    assert.equal(encode(improperList([1], 2)).toString('hex'), '836c00000001' + '6101' + '6102');
    assert.equal(encode(list()).toString('hex'), '836a');
  });
  it('binaries, bit strings, floats, maps', () => {
    assert.equal(encode(binary('hi')).toString('hex'), '836d000000026869');
    assert.equal(encode(bitstring([0xe0], 3)).toString('hex'), '834d0000000103e0');
    assert.equal(encode(float(1)).toString('hex'), '8346' + '3ff0000000000000');
    assert.equal(encode(1.5).toString('hex'), '8346' + '3ff8000000000000');
    assert.equal(encode({ a: 1 }).toString('hex'), '837400000001' + '770161' + '6101');
  });
  it('true, false, null and undefined are atoms', () => {
    assert.equal(encode([true, false, null, undefined]).toString('hex'), '836804770474727565770566616c7365' + '77036e696c' + '77036e696c');
  });
  it('refuses what has no term, with a typed error', () => {
    for (const v of [() => 1, Symbol('s'), NaN, Infinity, 'a'.repeat(256), new Date()]) {
      assert.throws(() => encode(v), EtfEncodeError, String(v));
    }
    assert.equal(roundTrip('é'.repeat(255)), 'é'.repeat(255));
  });
  it('refuses cycles and nesting deeper than 1000 with a typed error, not a stack overflow', () => {
    const cycle = []; cycle.push(cycle);
    let deep = 'x'; for (let i = 0; i < 5000; i++) deep = [deep];
    let ok = 'x'; for (let i = 0; i < 999; i++) ok = list(ok);
    assert.throws(() => encode(cycle), EtfEncodeError);
    assert.throws(() => encode(deep), EtfEncodeError);
    assert.ok(encode(ok).length > 999);
  });
  it('replace maps unknown classes (the runtime Pid hook)', () => {
    class P {}
    const pid = new ErlPid('a@h', 1, 0, 3);
    assert.ok(termEquals(decode(encode([new P()], { replace: () => pid })), [pid]));
  });
});

describe('etf decode: the kinds the BEAM sends', () => {
  it('atoms (UTF-8 and Latin-1) decode to strings; true/false/nil to JS values', () => {
    assert.equal(decode(hex('83 77 02 6f 6b')), 'ok');
    assert.equal(decode(hex('83 64 00 02 e9 61')), 'éa');
    assert.equal(decode(hex('83 73 01 61')), 'a');
    assert.equal(decode(hex('83 76 00 01 61')), 'a');
    assert.equal(decode(hex('83 77 03 6e 69 6c')), null);
    assert.equal(decode(hex('83 77 04 74 72 75 65')), true);
  });
  it('atoms decode to their own text however many share a slot of the atom cache, in either encoding', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `node_${i}@host${i % 7}`);
    for (let round = 0; round < 2; round++) for (const n of names) assert.equal(roundTrip(n), n);
    // the same bytes as a Latin-1 atom (ATOM_EXT) and a UTF-8 one (SMALL_ATOM_UTF8_EXT)
    assert.equal(decode(hex('83 77 02 c3 a9')), 'é');
    assert.equal(decode(hex('83 64 0002 c3 a9')), 'Ã©');
    assert.equal(decode(hex('83 77 02 c3 a9')), 'é');
    // short ASCII atoms are encoded byte by byte, others through UTF-8
    assert.equal(encode('héllo').toString('hex'), '8377' + '06' + Buffer.from('héllo').toString('hex'));
    assert.equal(encode('x'.repeat(70)).toString('hex'), '8377' + '46' + '78'.repeat(70));
  });
  it('tuples are arrays, lists are List, [] is an empty List', () => {
    const t = decode(hex('83 68 02 77 02 6f 6b 6a'));
    assert.ok(Array.isArray(t) && !(t instanceof List));
    assert.ok(t[1] instanceof List && t[1].length === 0);
    assert.equal(t[0] === 'ok', true);
  });
  it('a list whose tail is a list again is one list; STRING_EXT is a list of bytes', () => {
    const l = decode(hex('83 6c 00000001 61 01 6c 00000001 61 02 6b 0001 03'));
    assert.deepEqual([...l], [1, 2, 3]);
    assert.equal(l.tail, undefined);
  });
  it('integral floats are Float and keep their kind on the way back; the old text float decodes', () => {
    const f = decode(hex('83 46 3ff0000000000000'));
    assert.ok(f instanceof Float);
    assert.equal(f * 2, 2);
    assert.equal(encode(f).toString('hex'), '83463ff0000000000000');
    const text = Buffer.alloc(31); text.write('1.50000000000000000000e+00');
    assert.equal(decode(Buffer.concat([hex('83 63'), text])), 1.5);
  });
  it('big integers beyond 2^53 are bigint, others numbers', () => {
    assert.equal(decode(hex('83 6e 07 00 ffffffffffff1f')), 2 ** 53 - 1);
    assert.equal(decode(hex('83 6e 08 00 0000000000002000')), 2n ** 53n);
    assert.equal(decode(hex('83 6e 08 01 0100000000002000')), -(2n ** 53n + 1n));
  });
  it('maps with atom keys are objects; others Map; __proto__ is an ordinary key', () => {
    assert.deepEqual(decode(encode({ a: list(1) })), { a: list(1) });
    const m = decode(encode(new Map([[binary('k'), 1]])));
    assert.ok(m instanceof Map);
    const o = decode(hex('83 74 00000001 77 09' + Buffer.from('__proto__').toString('hex') + '61 01'));
    assert.equal(Object.getPrototypeOf(o), Object.prototype);
    assert.equal(Object.keys(o)[0], '__proto__');
  });
  it('pids and references of all forms; ports and funs re-encode to the same bytes', () => {
    const pid = decode(hex('83 58 77 03 61 40 62 00000064 00000000 00000005'));
    assert.ok(pid instanceof ErlPid);
    assert.equal(String(pid), '#PID<a@b.100.0>');
    const oldPid = decode(hex('83 67 77 03 61 40 62 00000064 00000000 02'));
    assert.equal(oldPid.creation, 2);
    const ref = decode(hex('83 5a 0003 77 03 61 40 62 00000001 00000003 00000002 00000001'));
    assert.ok(ref instanceof ErlRef);
    assert.equal(String(ref), '#Reference<a@b.1.2.3>');
    for (const h of ['83 78 77 03 61 40 62 0000000000000005 00000001', '83 71 77 06 65 72 6c 61 6e 67 77 04 73 65 6c 66 61 00']) {
      const o = decode(hex(h));
      assert.ok(o instanceof ErlOpaque);
      assert.equal(encode(o).toString('hex'), h.replace(/ /g, ''));
    }
  });
  it('compressed terms inflate, within the limit', () => {
    const inner = encode(toList(Array.from({ length: 100 }, (_, i) => i + 300))).subarray(1);
    const z = Buffer.concat([hex('83 50'), Buffer.from([0, 0, inner.length >> 8, inner.length & 255]), deflateSync(inner)]);
    assert.equal(decode(z).length, 100);
    assert.throws(() => decode(z, { maxBytes: 10 }), EtfDecodeError);
  });
  it('the explicit constructors build the ambiguous kinds', () => {
    assert.equal(atom('ok'), 'ok');
    assert.ok(roundTrip(binary('héllo')) instanceof Binary);
    assert.equal(String(roundTrip(binary('héllo'))), 'héllo');
    assert.deepEqual(roundTrip(bitstring([0xa0], 3)).bits, 3);
    assert.ok(termEquals(roundTrip(['reply', list(1, ['a', charlist('é')]), improperList([1, 2], 'x')]), ['reply', list(1, ['a', charlist('é')]), improperList([1, 2], 'x')]));
    assert.ok(!termEquals(list(1), [1]));
    assert.ok(!termEquals(float(1), 1));
  });
});

describe('etf decode limits: a typed error, never a crash', () => {
  const bad = {
    'wrong version': '82 61 01',
    'truncated integer': '83 62 00 00',
    'atom longer than 255 characters': '83 76 0100' + '61'.repeat(256),
    'tuple count beyond the bytes': '83 69 ffffffff 61 01',
    'list count beyond the bytes': '83 6c 7fffffff 6a',
    'map count beyond the bytes': '83 74 ffffffff',
    'binary length beyond the bytes': '83 6d ffffffff 00',
    'unknown tag': '83 01',
    'atom cache reference': '83 52 00',
    'bytes after the term': '83 6a 6a',
    'reference with 9 words': '83 5a 0009 77 01 61 00000000',
    'bad compressed data': '83 50 00000010 0102030405',
    'empty': '',
  };
  for (const [name, h] of Object.entries(bad)) {
    it(name, () => assert.throws(() => decode(hex(h)), EtfDecodeError));
  }
  it('nesting deeper than maxDepth', () => {
    const nested = Buffer.alloc(1 + 2 * 100000 + 1);
    nested[0] = 131;
    for (let i = 0; i < 100000; i++) { nested[1 + 2 * i] = 0x68; nested[2 + 2 * i] = 1; }
    nested[nested.length - 1] = 0x6a;
    assert.throws(() => decode(nested), /nesting deeper than 512/);
  });
});
