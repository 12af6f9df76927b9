/**
 * Erlang terms as JavaScript values: the mapping between the BEAM's term kinds and genrepl's
 * "atoms are strings, tuples are arrays" convention (the table and its reasons are in
 * `README-terms.md`).
 *
 * Plain JS values carry the common cases: a string is an atom, an array is a tuple, a number is
 * an integer (or a float when it has a fraction), `true`/`false`/`null` are `true`/`false`/`nil`.
 * The kinds that plain values would lose on the way back are small classes: `List` (an `Array`
 * subclass, with `tail` when improper), `Binary` (a `Uint8Array` subclass, with `bits` for bit
 * strings), `Float` (a `Number` subclass for floats with no fraction), `ErlPid`, `ErlRef` and
 * `ErlOpaque` (ports and funs, kept as their exact bytes).
 *
 * @example
 * import { tuple, list, binary, charlist } from './terms.js';
 * tuple('ok', 1)        // ['ok', 1]          ⇄ {:ok, 1}
 * list(1, 2)            // List [1, 2]        ⇄ [1, 2]
 * binary('hi')          // Binary "hi"        ⇄ "hi"
 * charlist('hi')        // List [104, 105]    ⇄ 'hi'
 */
import { inspect } from 'node:util';

/** Values sent by reference by genrepl's copy-on-send (the runtime's `OPAQUE` mark). */
const OPAQUE = Symbol.for('genrepl.opaque');

/** The JS values that stand for Erlang terms (see the module doc). */
export type Term =
  | string
  | number
  | bigint
  | boolean
  | null
  | Float
  | Binary
  | List
  | ErlPid
  | ErlRef
  | ErlOpaque
  | Term[]
  | Map<Term, Term>
  | { [key: string]: Term };

/**
 * An Erlang list. A plain array is a tuple, so lists carry this class; `tail` is set only on
 * an improper list (`[1 | 2]`).
 *
 * @example
 * const l = list(1, 2);          // [1, 2]
 * Array.isArray(l)               // true: index, iterate and map as usual
 * improperList([1], 2).tail      // 2
 */
export class List<T = Term> extends Array<T> {
  /** The tail of an improper list; absent on proper lists. */
  declare tail?: Term;
}

/**
 * An Erlang binary (Elixir string); `bits` (1–7) is set on a bit string whose last byte is partial.
 * `String(b)` decodes it as UTF-8.
 *
 * @example
 * const b = binary('héllo');
 * String(b)     // 'héllo'
 * b.length      // 6 (bytes)
 */
export class Binary extends Uint8Array {
  /** Bits used in the last byte of a bit string (1–7); absent on whole-byte binaries. */
  declare bits?: number;
  /** The bytes as UTF-8 text. @example String(binary('ok')) // 'ok' */
  override toString(): string {
    return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString('utf8');
  }
  [inspect.custom](): string {
    const text = this.toString();
    if (this.bits === undefined && Buffer.byteLength(text) === this.length && !/[\u0000-\u001f\u007f\ufffd]/.test(text)) {
      return JSON.stringify(text);
    }
    const bytes = Array.from(this, String);
    if (this.bits !== undefined) bytes[bytes.length - 1] = `${this[this.length - 1] >> (8 - this.bits)}::size(${this.bits})`;
    return `<<${bytes.join(', ')}>>`;
  }
}

/**
 * An Erlang float whose value has no fraction (`1.0`, `-0.0`, `1.0e20`), which a plain number
 * would turn into an integer. Arithmetic works through `valueOf`; floats with a fraction are
 * plain numbers.
 *
 * @example
 * const f = float(2);   // Float 2.0
 * f * 2                 // 4
 */
export class Float extends Number {
  [inspect.custom](): string {
    const v = this.valueOf();
    return Object.is(v, -0) ? '-0.0' : Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v);
  }
}

/**
 * A process identifier of any node (ETF NEW_PID).
 *
 * @example
 * const p = new ErlPid('b@localhost', 110, 0, 1700000000);
 * String(p)   // '#PID<b@localhost.110.0>'
 */
export class ErlPid {
  constructor(
    readonly node: string,
    readonly id: number,
    readonly serial: number,
    readonly creation: number,
  ) {}
  toString(): string {
    return `#PID<${this.node}.${this.id}.${this.serial}>`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A reference of any node (ETF NEWER_REFERENCE), also used as a process alias.
 *
 * @example
 * String(new ErlRef('b@localhost', 1, [3, 2, 1])) // '#Reference<b@localhost.1.2.3>'
 */
export class ErlRef {
  constructor(
    readonly node: string,
    readonly creation: number,
    /** The id words as on the wire (least significant first). */
    readonly ids: readonly number[],
  ) {}
  toString(): string {
    return `#Reference<${this.node}.${[...this.ids].reverse().join('.')}>`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A port or a fun from another node: kept as its exact encoded bytes so it goes back unchanged.
 *
 * @example
 * opaque.kind   // 'port' | 'fun' | 'export'
 */
export class ErlOpaque {
  constructor(
    readonly kind: 'port' | 'fun' | 'export',
    /** The term's bytes from its tag on, without the 131 version byte. */
    readonly bytes: Uint8Array,
    /** A readable description, e.g. `&:erlang.self/0` or `#Port<b@localhost.5>`. */
    readonly label: string,
  ) {}
  toString(): string {
    return this.label;
  }
  [inspect.custom](): string {
    return this.label;
  }
}

for (const C of [Binary, Float, ErlPid, ErlRef, ErlOpaque] as any[]) C.prototype[OPAQUE] = true;

/** The atom `name` (atoms are strings; this names the intent and checks the length). @example atom('ok') // 'ok' */
export function atom(name: string): string {
  if (name.length > 255 && [...name].length > 255) throw new RangeError(`atom too long (${[...name].length} characters, at most 255)`);
  return name;
}

/** A tuple (a plain array). @example tuple('reply', 1, state) // ['reply', 1, state] */
export function tuple(...items: Term[]): Term[] {
  return items;
}

/** A proper list. @example list(1, 2, 3) // Erlang [1, 2, 3] */
export function list<T extends Term>(...items: T[]): List<T> {
  const l = new List<T>();
  for (const x of items) l.push(x);
  return l;
}

/** A list from an array (`[]` → the empty list). @example toList([1, 2]) // Erlang [1, 2] */
export function toList<T extends Term>(items: Iterable<T>): List<T> {
  const l = new List<T>();
  for (const x of items) l.push(x);
  return l;
}

/** An improper list `[...items | tail]`. @example improperList([1], 2) // Erlang [1 | 2] */
export function improperList(items: Term[], tail: Term): List {
  const l = toList(items);
  if (tail instanceof List) {
    for (const x of tail) l.push(x);
    if (tail.tail !== undefined) l.tail = tail.tail;
  } else if (items.length === 0) {
    throw new RangeError('an improper list needs at least one element');
  } else {
    l.tail = tail;
  }
  return l;
}

/** A binary: UTF-8 text or bytes. @example binary('ok'); binary([1, 2]) */
export function binary(content: string | ArrayLike<number> | Uint8Array): Binary {
  if (typeof content === 'string') {
    const b = Buffer.from(content, 'utf8');
    const out = new Binary(b.length);
    out.set(b);
    return out;
  }
  return Binary.from(content as ArrayLike<number>) as Binary;
}

/** A bit string of `bitLength` bits. @example bitstring([0b10100000], 3) // <<5:3>> */
export function bitstring(bytes: ArrayLike<number>, bitLength: number): Binary {
  const b = Binary.from(bytes) as Binary;
  const rest = bitLength % 8;
  if (Math.ceil(bitLength / 8) !== b.length) throw new RangeError(`${bitLength} bits need ${Math.ceil(bitLength / 8)} bytes`);
  if (rest !== 0) b.bits = rest;
  return b;
}

/** An Erlang charlist (Elixir `'abc'`): a list of code points. @example charlist('hi') // [104, 105] */
export function charlist(text: string): List<number> {
  const l = new List<number>();
  for (const ch of text) l.push(ch.codePointAt(0)!);
  return l;
}

/** An Erlang float, even with no fraction. @example float(1) // 1.0 */
export function float(value: number): number | Float {
  return Number.isInteger(value) ? new Float(value) : value;
}

/** True for an Erlang list. @example isList(list()) // true; isList([]) // false (a tuple) */
export function isList(x: unknown): x is List {
  return x instanceof List;
}

/** True for a binary. @example isBinary(binary('a')) // true */
export function isBinary(x: unknown): x is Binary {
  return x instanceof Binary;
}

/**
 * Term equality as the BEAM sees it (`==` on terms, with `1` and `1.0` different):
 * compares kinds and contents, not JS identity.
 *
 * @example
 * termEquals(list(1, tuple('a')), list(1, ['a'])) // true
 */
export function termEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint') return (typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number') && isInt(a) && isInt(b) && BigInt(a as number) === BigInt(b as number);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (plainProto(Object.getPrototypeOf(a)) !== plainProto(Object.getPrototypeOf(b))) return false;
  if (a instanceof Float) return Object.is(a.valueOf(), (b as Float).valueOf());
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length || !termEquals((a as List).tail, (bb as List).tail)) return false;
    for (let i = 0; i < a.length; i++) if (!termEquals(a[i], bb[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array) return (a as Binary).bits === (b as Binary).bits && Buffer.compare(a, b as Uint8Array) === 0;
  if (a instanceof ErlPid) return a.toString() === b.toString() && a.creation === (b as ErlPid).creation;
  if (a instanceof ErlRef) return a.node === (b as ErlRef).node && a.creation === (b as ErlRef).creation && termEquals([...a.ids], [...(b as ErlRef).ids]);
  if (a instanceof ErlOpaque) return Buffer.compare(a.bytes, (b as ErlOpaque).bytes) === 0;
  if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>;
    if (a.size !== bm.size) return false;
    outer: for (const [k, v] of a) {
      for (const [k2, v2] of bm) if (termEquals(k, k2)) { if (!termEquals(v, v2)) return false; continue outer; }
      return false;
    }
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !termEquals((a as any)[k], (b as any)[k])) return false;
  return true;
}

/** Plain objects with or without a prototype are both maps with atom keys. */
function plainProto(p: unknown): unknown {
  return p === null ? Object.prototype : p;
}

function isInt(x: unknown): boolean {
  return typeof x === 'bigint' || Number.isInteger(x);
}
