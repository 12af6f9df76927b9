/**
 * The Erlang External Term Format (version 131): `encode` turns a `Term` into bytes, `decode`
 * turns bytes from any BEAM node back into a `Term` (mapping in `terms.ts` / `README-terms.md`).
 *
 * The decoder trusts nothing: every length is checked against the bytes that remain, atoms are
 * at most 255 characters, nesting is limited (`maxDepth`), a compressed term may not inflate past
 * `maxBytes`, and anything malformed throws an `EtfDecodeError` (code `genrepl.etf_decode`);
 * it never loops or recurses without bound.
 *
 * @example
 * const bytes = encode(['ok', list(1, 2), binary('hi')]);   // {:ok, [1, 2], "hi"}
 * decode(bytes)                                             // ['ok', List [1, 2], Binary "hi"]
 *
 * ## Kinds decoded
 * Integers (small, 32-bit, big), floats (new and the old text form), atoms (UTF-8 and Latin-1,
 * short and long), tuples, lists (proper, improper, STRING_EXT), binaries and bit strings, maps,
 * pids, references (all three forms), ports and funs (kept opaque), compressed terms.
 */
import { inflateSync } from 'node:zlib';
import { Binary, ErlOpaque, ErlPid, ErlRef, Float, List, type Term } from './terms.js';

/** Thrown for input that is not a valid term; `offset` is where reading stopped. */
export class EtfDecodeError extends Error {
  readonly code = 'genrepl.etf_decode';
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'EtfDecodeError';
  }
}

/** Thrown for a JS value with no Erlang term (a function, a symbol, NaN, a 256-character atom…). */
export class EtfEncodeError extends Error {
  readonly code = 'genrepl.etf_encode';
  constructor(message: string) {
    super(message);
    this.name = 'EtfEncodeError';
  }
}

/** Decoder limits. @example decode(bytes, { maxDepth: 100 }) */
export interface DecodeOptions {
  /** Deepest nesting of tuples, lists and maps (default 512). */
  maxDepth?: number;
  /** Largest size a compressed term may inflate to (default 64 MiB). */
  maxBytes?: number;
}

/** Encoder options. @example encode(term, { replace: (v) => v instanceof Pid ? toErlPid(v) : undefined }) */
export interface EncodeOptions {
  /** Gives a term for an object of a class the encoder does not know (e.g. the runtime's Pid); undefined refuses it. */
  replace?: (value: object) => Term | undefined;
}

const VERSION = 131;
const T = {
  NEW_FLOAT: 70, BIT_BINARY: 77, COMPRESSED: 80, ATOM_CACHE_REF: 82, NEW_PID: 88, NEW_PORT: 89, NEWER_REFERENCE: 90,
  SMALL_INTEGER: 97, INTEGER: 98, FLOAT: 99, ATOM: 100, REFERENCE: 101, PORT: 102, PID: 103, SMALL_TUPLE: 104,
  LARGE_TUPLE: 105, NIL: 106, STRING: 107, LIST: 108, BINARY: 109, SMALL_BIG: 110, LARGE_BIG: 111, NEW_FUN: 112,
  EXPORT: 113, NEW_REFERENCE: 114, SMALL_ATOM: 115, MAP: 116, ATOM_UTF8: 118, SMALL_ATOM_UTF8: 119, V4_PORT: 120,
} as const;

const DEFAULT_DEPTH = 512;
/** Deepest nesting the encoder writes (its recursion stays well inside the JS stack). */
const MAX_ENCODE_DEPTH = 1000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const EMPTY_OPTS: DecodeOptions = {};

/**
 * Decodes one term that starts with the version byte 131 at `offset` and must end at `end`.
 *
 * @example
 * decode(Buffer.from([131, 97, 5])) // 5
 */
export function decode(bytes: Uint8Array, options: DecodeOptions = EMPTY_OPTS, offset = 0, end = bytes.length): Term {
  const r = new Reader(bytes, offset, end, options);
  const t = r.term();
  if (r.pos !== end) throw new EtfDecodeError(`${end - r.pos} bytes after the term`, r.pos);
  return t;
}

/**
 * Decodes the terms that follow one another in `bytes[offset, end)`, each with its own 131
 * (as in a distribution frame: control message, then the message). Returns them in order.
 *
 * @example
 * decodeSequence(frame, {}, 5) // [control, message]
 */
export function decodeSequence(bytes: Uint8Array, options: DecodeOptions = EMPTY_OPTS, offset = 0, end = bytes.length): Term[] {
  const out: Term[] = [];
  const r = new Reader(bytes, offset, end, options);
  while (r.pos < end) out.push(r.term());
  return out;
}

class Reader {
  pos: number;
  private depth = 0;
  /** Made on first use (floats, ports): most terms need none. */
  private dv: DataView | null = null;
  private readonly maxDepth: number;
  private readonly maxBytes: number;
  constructor(private buf: Uint8Array, offset: number, private end: number, o: DecodeOptions) {
    if (offset < 0 || end > buf.length || offset > end) throw new EtfDecodeError('bad offsets', offset);
    this.pos = offset;
    this.maxDepth = o.maxDepth ?? DEFAULT_DEPTH;
    this.maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** One version byte and one term (a compressed term is inflated and read in place). */
  term(): Term {
    const v = this.u8();
    if (v !== VERSION) throw new EtfDecodeError(`version byte ${v}, expected 131`, this.pos - 1);
    if (this.buf[this.pos] === T.COMPRESSED && this.pos < this.end) return this.compressed();
    return this.value();
  }

  private view(): DataView {
    return (this.dv ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  private fail(msg: string): never {
    throw new EtfDecodeError(msg, this.pos);
  }
  private need(n: number): void {
    if (n > this.end - this.pos) this.fail(`needs ${n} bytes, ${this.end - this.pos} left`);
  }
  private u8(): number {
    if (this.pos >= this.end) this.fail('truncated');
    return this.buf[this.pos++];
  }
  private u16(): number {
    this.need(2);
    const b = this.buf;
    const v = (b[this.pos] << 8) | b[this.pos + 1];
    this.pos += 2;
    return v;
  }
  private u32(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    const v = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    this.pos += 4;
    return v;
  }

  private compressed(): Term {
    this.pos++;
    const size = this.u32();
    if (size > this.maxBytes) this.fail(`compressed term of ${size} bytes exceeds the limit`);
    let inflated: Buffer;
    try {
      inflated = inflateSync(this.buf.subarray(this.pos, this.end), { maxOutputLength: Math.max(size, 1) });
    } catch {
      this.fail('bad compressed data');
    }
    if (inflated.length !== size) this.fail('compressed size mismatch');
    const inner = new Reader(inflated, 0, inflated.length, { maxDepth: this.maxDepth - this.depth, maxBytes: this.maxBytes });
    const t = inner.value();
    if (inner.pos !== inflated.length) this.fail('bytes after the compressed term');
    this.pos = this.end;
    return t;
  }

  value(): Term {
    const tag = this.u8();
    switch (tag) {
      case T.SMALL_INTEGER:
        return this.u8();
      case T.INTEGER: {
        this.need(4);
        const b = this.buf;
        const p = this.pos;
        const v = (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
        this.pos += 4;
        return v;
      }
      case T.ATOM_UTF8:
        return this.atom(this.u16(), 'utf8');
      case T.SMALL_ATOM_UTF8:
        return this.atom(this.u8(), 'utf8');
      case T.ATOM:
        return this.atom(this.u16(), 'latin1');
      case T.SMALL_ATOM:
        return this.atom(this.u8(), 'latin1');
      case T.SMALL_TUPLE:
        return this.tuple(this.u8());
      case T.LARGE_TUPLE:
        return this.tuple(this.u32());
      case T.NIL:
        return new List();
      case T.STRING: {
        const n = this.u16();
        this.need(n);
        const l = new List<Term>();
        for (let i = 0; i < n; i++) l.push(this.buf[this.pos + i]);
        this.pos += n;
        return l;
      }
      case T.LIST:
        return this.list();
      case T.BINARY: {
        const n = this.u32();
        this.need(n);
        const b = new Binary(n);
        b.set(this.buf.subarray(this.pos, this.pos + n));
        this.pos += n;
        return b;
      }
      case T.BIT_BINARY: {
        const n = this.u32();
        const bits = this.u8();
        if (bits < 1 || bits > 8 || n === 0) this.fail(`bad bit binary (${n} bytes, ${bits} bits)`);
        this.need(n);
        const b = new Binary(n);
        b.set(this.buf.subarray(this.pos, this.pos + n));
        this.pos += n;
        if (bits !== 8) {
          b[n - 1] &= (0xff << (8 - bits)) & 0xff;
          b.bits = bits;
        }
        return b;
      }
      case T.NEW_FLOAT: {
        this.need(8);
        const v = this.view().getFloat64(this.pos);
        this.pos += 8;
        return floatTerm(v, this);
      }
      case T.FLOAT: {
        this.need(31);
        const text = Buffer.from(this.buf.subarray(this.pos, this.pos + 31)).toString('latin1').replace(/\0.*$/s, '');
        this.pos += 31;
        const v = Number(text);
        if (text.trim() === '') this.fail('bad float text');
        return floatTerm(v, this);
      }
      case T.SMALL_BIG:
        return this.big(this.u8());
      case T.LARGE_BIG:
        return this.big(this.u32());
      case T.MAP:
        return this.map(this.u32());
      case T.NEW_PID:
      case T.PID: {
        const node = this.nodeName();
        const id = this.u32();
        const serial = this.u32();
        const creation = tag === T.NEW_PID ? this.u32() : this.u8();
        return new ErlPid(node, id, serial, creation);
      }
      case T.NEWER_REFERENCE:
      case T.NEW_REFERENCE: {
        const n = this.u16();
        if (n < 1 || n > 5) this.fail(`reference with ${n} words`);
        const node = this.nodeName();
        const creation = tag === T.NEWER_REFERENCE ? this.u32() : this.u8();
        return new ErlRef(node, creation, this.words(n));
      }
      case T.REFERENCE: {
        const node = this.nodeName();
        const id = this.u32();
        return new ErlRef(node, this.u8(), [id]);
      }
      case T.V4_PORT:
      case T.NEW_PORT:
      case T.PORT: {
        const start = this.pos - 1;
        const node = this.nodeName();
        this.need(tag === T.V4_PORT ? 12 : tag === T.NEW_PORT ? 8 : 5);
        const id = tag === T.V4_PORT ? this.view().getBigUint64(this.pos) : BigInt(this.view().getUint32(this.pos));
        this.pos += tag === T.V4_PORT ? 12 : tag === T.NEW_PORT ? 8 : 5;
        return this.opaque('port', start, `#Port<${node}.${id}>`);
      }
      case T.EXPORT: {
        const start = this.pos - 1;
        const m = this.value();
        const f = this.value();
        const a = this.value();
        if (typeof m !== 'string' || typeof f !== 'string' || typeof a !== 'number') this.fail('bad export');
        return this.opaque('export', start, `&${m}.${f}/${a}`);
      }
      case T.NEW_FUN: {
        const start = this.pos - 1;
        const size = this.u32();
        if (size < 4) this.fail('bad fun size');
        this.need(size - 4);
        this.pos += size - 4;
        return this.opaque('fun', start, '#Function<>');
      }
      case T.ATOM_CACHE_REF:
        return this.fail('atom cache reference without an atom cache');
      default:
        return this.fail(`unknown tag ${tag}`);
    }
  }

  private opaque(kind: ErlOpaque['kind'], start: number, label: string): ErlOpaque {
    const bytes = new Uint8Array(this.pos - start);
    bytes.set(this.buf.subarray(start, this.pos));
    return new ErlOpaque(kind, bytes, label);
  }

  private words(n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.u32());
    return out;
  }

  private atom(n: number, enc: 'utf8' | 'latin1'): string | boolean | null {
    this.need(n);
    const s = n <= ATOM_CACHED ? cachedAtom(this.buf, this.pos, n, enc) : Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, n).toString(enc);
    this.pos += n;
    if (n > 255 && [...s].length > 255) this.fail('atom longer than 255 characters');
    return s === 'true' ? true : s === 'false' ? false : s === 'nil' ? null : s;
  }

  private nodeName(): string {
    const t = this.value();
    if (typeof t === 'string') return t;
    if (t === null) return 'nil';
    if (typeof t === 'boolean') return String(t);
    return this.fail('node name is not an atom');
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`);
  }

  private tuple(n: number): Term[] {
    if (n > this.end - this.pos) this.fail(`tuple of ${n} elements in ${this.end - this.pos} bytes`);
    this.enter();
    const out = new Array<Term>(n);
    for (let i = 0; i < n; i++) out[i] = this.value();
    this.depth--;
    return out;
  }

  /** A list and its tail; tails that are lists again are read into the same list (no recursion). */
  private list(): List {
    this.enter();
    const out = new List<Term>();
    for (;;) {
      const n = this.u32();
      if (n > this.end - this.pos) this.fail(`list of ${n} elements in ${this.end - this.pos} bytes`);
      for (let i = 0; i < n; i++) out.push(this.value());
      const tag = this.buf[this.pos];
      if (this.pos >= this.end) this.fail('truncated list tail');
      if (tag === T.LIST) {
        this.pos++;
        continue;
      }
      if (tag === T.NIL) {
        this.pos++;
        break;
      }
      const tail = this.value();
      if (tail instanceof List) {
        for (const x of tail) out.push(x);
        if (tail.tail !== undefined) out.tail = tail.tail;
      } else if (out.length === 0) {
        this.fail('list with no elements and a tail');
      } else {
        out.tail = tail;
      }
      break;
    }
    this.depth--;
    return out;
  }

  private map(n: number): Term {
    if (n > (this.end - this.pos) / 2) this.fail(`map of ${n} pairs in ${this.end - this.pos} bytes`);
    this.enter();
    const keys = new Array<Term>(n);
    const vals = new Array<Term>(n);
    let atomKeys = true;
    for (let i = 0; i < n; i++) {
      const k = this.value();
      if (typeof k !== 'string') atomKeys = false;
      keys[i] = k;
      vals[i] = this.value();
    }
    this.depth--;
    if (atomKeys) {
      const o: { [k: string]: Term } = {};
      for (let i = 0; i < n; i++) {
        const k = keys[i] as string;
        if (k === '__proto__') Object.defineProperty(o, k, { value: vals[i], enumerable: true, writable: true, configurable: true });
        else o[k] = vals[i];
      }
      return o;
    }
    return new Map(keys.map((k, i) => [k, vals[i]]));
  }

  private big(n: number): number | bigint {
    const sign = this.u8();
    if (sign > 1) this.fail('bad big integer sign');
    this.need(n);
    let v: number | bigint;
    if (n <= 6) {
      let x = 0;
      for (let i = n - 1; i >= 0; i--) x = x * 256 + this.buf[this.pos + i];
      v = sign ? -x : x;
      if (Object.is(v, -0)) v = 0;
    } else {
      let hex = '';
      for (let i = n - 1; i >= 0; i--) hex += HEX[this.buf[this.pos + i]];
      const b = BigInt('0x' + (hex || '0'));
      const s = sign ? -b : b;
      v = s >= MIN_SAFE && s <= MAX_SAFE ? Number(s) : s;
    }
    this.pos += n;
    return v;
  }
}

/** Atoms up to this many bytes are decoded through the cache below. */
const ATOM_CACHED = 64;
const ATOM_SLOTS = 512;
/** A direct-mapped cache of decoded atoms (node names, tags): their bytes, encoding and text. */
const atomBytes: (Uint8Array | undefined)[] = new Array(ATOM_SLOTS);
const atomUtf8 = new Uint8Array(ATOM_SLOTS);
const atomText: string[] = new Array(ATOM_SLOTS);

/**
 * The text of the atom in `buf[pos, pos + n)`: the same node names and tags come in every
 * message, and a hash and a byte comparison cost less than decoding them each time.
 */
function cachedAtom(buf: Uint8Array, pos: number, n: number, enc: 'utf8' | 'latin1'): string {
  const utf8 = enc === 'utf8' ? 1 : 0;
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ buf[pos + i], 0x01000193);
  const slot = (h ^ (h >>> 16)) & (ATOM_SLOTS - 1);
  const b = atomBytes[slot];
  if (b !== undefined && b.length === n && atomUtf8[slot] === utf8) {
    let i = 0;
    while (i < n && b[i] === buf[pos + i]) i++;
    if (i === n) return atomText[slot];
  }
  const text = Buffer.from(buf.buffer, buf.byteOffset + pos, n).toString(enc);
  // a copy (Buffer's own slice would share the frame's memory)
  atomBytes[slot] = Uint8Array.prototype.slice.call(buf, pos, pos + n);
  atomUtf8[slot] = utf8;
  atomText[slot] = text;
  return text;
}

function floatTerm(v: number, r: Reader): number | Float {
  if (!Number.isFinite(v)) throw new EtfDecodeError('float is not finite', r.pos);
  return Number.isInteger(v) ? new Float(v) : v;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/**
 * A growable byte buffer that terms are encoded into; reused between messages so that encoding
 * allocates only when a message is larger than any before.
 *
 * @example
 * const w = new Writer();
 * w.term(['ok', 1]);
 * w.bytes() // <Buffer 83 68 02 77 02 6f 6b 61 01>
 */
export class Writer {
  buf: Buffer;
  pos = 0;
  private readonly replace?: (value: object) => Term | undefined;
  private depth = 0;
  constructor(size = 256, options: EncodeOptions = {}) {
    this.buf = Buffer.allocUnsafe(size);
    this.replace = options.replace;
  }

  /** Forgets what was written (keeps the memory). @example w.reset() */
  reset(): this {
    this.pos = 0;
    return this;
  }

  /** A copy of what was written. @example w.bytes() */
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  /** Makes room for `n` more bytes. @example w.ensure(4) */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Writes one byte. @example w.u8(112) */
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }
  /** Writes a big-endian 16-bit number. @example w.u16(6) */
  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
  }
  /** Writes a big-endian 32-bit number. @example w.u32(frameLength) */
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
  }
  /** Writes bytes as they are. @example w.raw(opaque.bytes) */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Writes 131 and the term. @example w.term('ok') */
  term(t: unknown): void {
    this.u8(VERSION);
    this.depth = 0;
    this.value(t);
  }

  /** Writes an atom (with the UTF-8 tags). @example w.atom('ok') */
  atom(name: string): void {
    const len = name.length;
    if (len <= 64) {
      // Short ASCII (node names, tags): byte by byte, with no call into the UTF-8 encoder.
      this.ensure(len + 2);
      const buf = this.buf;
      let p = this.pos + 2;
      let i = 0;
      for (; i < len; i++) {
        const c = name.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      if (i === len) {
        buf[this.pos] = T.SMALL_ATOM_UTF8;
        buf[this.pos + 1] = len;
        this.pos = p;
        return;
      }
    }
    if (len > 255 && [...name].length > 255) throw new EtfEncodeError(`atom longer than 255 characters: ${name.slice(0, 40)}…`);
    const n = Buffer.byteLength(name);
    this.ensure(n + 3);
    if (n < 256) {
      this.buf[this.pos++] = T.SMALL_ATOM_UTF8;
      this.buf[this.pos++] = n;
    } else {
      this.buf[this.pos++] = T.ATOM_UTF8;
      this.buf.writeUInt16BE(n, this.pos);
      this.pos += 2;
    }
    this.pos += this.buf.write(name, this.pos, 'utf8');
  }

  private value(t: unknown): void {
    switch (typeof t) {
      case 'string':
        return this.atom(t);
      case 'number':
        return this.number(t);
      case 'boolean':
        return this.atom(t ? 'true' : 'false');
      case 'bigint':
        return this.bigint(t);
      case 'undefined':
        return this.atom('nil');
      case 'object':
        if (t === null) return this.atom('nil');
        if (++this.depth > MAX_ENCODE_DEPTH) throw new EtfEncodeError(`term nested deeper than ${MAX_ENCODE_DEPTH} (a cycle?)`);
        this.object(t);
        this.depth--;
        return;
      default:
        throw new EtfEncodeError(`a ${typeof t} has no Erlang term`);
    }
  }

  private number(v: number): void {
    if (Number.isInteger(v)) {
      if (v >= 0 && v < 256) {
        this.ensure(2);
        this.buf[this.pos++] = T.SMALL_INTEGER;
        this.buf[this.pos++] = v;
        return;
      }
      if (v >= -0x80000000 && v <= 0x7fffffff) {
        this.ensure(5);
        this.buf[this.pos++] = T.INTEGER;
        this.buf.writeInt32BE(v, this.pos);
        this.pos += 4;
        return;
      }
      return this.bigint(BigInt(v));
    }
    this.float(v);
  }

  private float(v: number): void {
    if (!Number.isFinite(v)) throw new EtfEncodeError(`${v} has no Erlang float`);
    this.ensure(9);
    this.buf[this.pos++] = T.NEW_FLOAT;
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  private bigint(v: bigint): void {
    if (v >= -0x80000000n && v <= 0x7fffffffn) return this.number(Number(v));
    const neg = v < 0n;
    let hex = (neg ? -v : v).toString(16);
    if (hex.length & 1) hex = '0' + hex;
    const n = hex.length / 2;
    this.ensure(n + 6);
    if (n < 256) {
      this.buf[this.pos++] = T.SMALL_BIG;
      this.buf[this.pos++] = n;
    } else {
      this.buf[this.pos++] = T.LARGE_BIG;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    }
    this.buf[this.pos++] = neg ? 1 : 0;
    for (let i = 0; i < n; i++) this.buf[this.pos + i] = parseInt(hex.substr(hex.length - 2 - 2 * i, 2), 16);
    this.pos += n;
  }

  private object(t: object): void {
    if (Array.isArray(t)) return t instanceof List ? this.list(t) : this.tuple(t);
    if (t instanceof Uint8Array) return this.binary(t);
    if (t instanceof Number) return this.float(t.valueOf());
    if (t instanceof ErlPid) return this.pid(t);
    if (t instanceof ErlRef) return this.ref(t);
    if (t instanceof ErlOpaque) return this.raw(t.bytes);
    if (t instanceof Map) {
      this.ensure(5);
      this.buf[this.pos++] = T.MAP;
      this.u32(t.size);
      for (const [k, v] of t) {
        this.value(k);
        this.value(v);
      }
      return;
    }
    const proto = Object.getPrototypeOf(t);
    if (proto === Object.prototype || proto === null) {
      const keys = Object.keys(t);
      this.ensure(5);
      this.buf[this.pos++] = T.MAP;
      this.u32(keys.length);
      for (const k of keys) {
        this.atom(k);
        this.value((t as any)[k]);
      }
      return;
    }
    const sub = this.replace?.(t);
    if (sub === undefined) throw new EtfEncodeError(`a ${proto?.constructor?.name ?? 'object'} has no Erlang term`);
    this.value(sub);
  }

  private tuple(t: unknown[]): void {
    const n = t.length;
    this.ensure(5);
    if (n < 256) {
      this.buf[this.pos++] = T.SMALL_TUPLE;
      this.buf[this.pos++] = n;
    } else {
      this.buf[this.pos++] = T.LARGE_TUPLE;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    }
    for (let i = 0; i < n; i++) this.value(t[i]);
  }

  private list(l: List<unknown>): void {
    const n = l.length;
    const tail = l.tail;
    if (n === 0) {
      if (tail !== undefined) throw new EtfEncodeError('an improper list needs at least one element');
      return this.u8(T.NIL);
    }
    if (tail === undefined && n <= 0xffff && isByteList(l)) {
      this.ensure(n + 3);
      this.buf[this.pos++] = T.STRING;
      this.buf.writeUInt16BE(n, this.pos);
      this.pos += 2;
      for (let i = 0; i < n; i++) this.buf[this.pos++] = Number(l[i]);
      return;
    }
    this.ensure(5);
    this.buf[this.pos++] = T.LIST;
    this.u32(n);
    for (let i = 0; i < n; i++) this.value(l[i]);
    if (tail === undefined) this.u8(T.NIL);
    else this.value(tail);
  }

  private binary(b: Uint8Array): void {
    const bits = (b as Binary).bits;
    this.ensure(b.length + 6);
    if (bits === undefined || bits === 8) {
      this.buf[this.pos++] = T.BINARY;
      this.u32(b.length);
    } else {
      this.buf[this.pos++] = T.BIT_BINARY;
      this.u32(b.length);
      this.buf[this.pos++] = bits;
    }
    this.raw(b);
  }

  private pid(p: ErlPid): void {
    this.u8(T.NEW_PID);
    this.atom(p.node);
    this.ensure(12);
    this.be32(p.id);
    this.be32(p.serial);
    this.be32(p.creation);
  }

  /** Writes a big-endian 32-bit number where room was made. */
  private be32(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.pos = p + 4;
  }

  private ref(r: ErlRef): void {
    this.u8(T.NEWER_REFERENCE);
    this.u16(r.ids.length);
    this.atom(r.node);
    this.u32(r.creation);
    for (const w of r.ids) this.u32(w);
  }
}

function isByteList(l: unknown[]): boolean {
  for (let i = 0; i < l.length; i++) {
    const x = l[i];
    if (typeof x === 'bigint' ? !(x >= 0n && x <= 255n) : typeof x !== 'number' || !(x >= 0 && x <= 255) || (x | 0) !== x) return false;
  }
  return true;
}

const shared = new Writer(1024);

/**
 * Encodes a term as bytes, starting with the version byte 131.
 *
 * @example
 * encode(['ok', 1]) // <Buffer 83 68 02 77 02 6f 6b 61 01>
 */
export function encode(term: unknown, options?: EncodeOptions): Buffer {
  const w = options ? new Writer(256, options) : shared.reset();
  w.term(term);
  return w.bytes();
}
