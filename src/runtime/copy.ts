/**
 * Copy-on-send: what a process receives can never be changed by its sender afterwards, and
 * what cannot be copied faithfully is refused at `send` (as `structuredClone` refuses), never
 * delivered as a husk that throws when used.
 *
 * | value                                                        | what the receiver gets                                   |
 * |--------------------------------------------------------------|----------------------------------------------------------|
 * | primitives, functions                                        | the value itself (the fast path: one `typeof`)           |
 * | pids, refs, promises, `WeakRef`, prototypes marked `OPAQUE`  | the same object: nothing in it can be changed by a holder |
 * | `EventEmitter`s (streams, sockets, servers, child processes) | the same object: a handle on something outside, as a BEAM port |
 * | arrays, plain and null-prototype objects                     | a deep copy of the own enumerable keys; holes stay holes  |
 * | Map, Set, Date, RegExp, errors, typed arrays, `Buffer`, ArrayBuffer, DataView, boxed primitives (`new Number(5)`) | a new built-in with the same contents; a subclass keeps its prototype and own fields |
 * | other class instances                                        | own enumerable properties, symbol-keyed ones too (with their descriptors) copied, prototype kept |
 * | refused with `ArgumentError` (code `genrepl.uncopyable`)     | instances of classes declaring `#private` instance members (a copy could not carry them: found once per class in its source), generators and iterators, `SharedArrayBuffer` (processes share no memory), and built-ins whose state is internal: `WeakMap`, `WeakSet`, `URL`, `AbortController`, `Blob` and Node's other global classes |
 *
 * An own `__proto__` key (as `JSON.parse` makes) stays an own key. A value nested too deep to
 * walk on the stack (hundreds of thousands of levels) is refused.
 * Frozen, sealed and non-extensible objects arrive frozen, sealed and non-extensible. Asking
 * an object that costs a call into C++ per object (about 10 ns, a tenth of a ring hop), so it
 * is asked only once the program has locked an object: the first call to `Object.freeze`,
 * `Object.seal`, `Object.preventExtensions` or `Reflect.preventExtensions` after this module
 * loads turns the check on and puts the original functions back. (An object locked before
 * that, by a library holding its own reference to `Object.freeze`, arrives unlocked.) Arrays
 * longer than 65,536 are walked by their present indices, so `a[2 ** 32 - 2] = 1` is cheap.
 * Shallow trees are copied without cycle tracking; past a depth of 64 the copy restarts with
 * a `seen` table, so cyclic values are copied faithfully, cycles included. What a class is
 * (copied or refused) is worked out once per prototype and remembered.
 *
 * @example
 * const msg = { items: [1, 2] };
 * const c = copyMessage(msg) as typeof msg;
 * c.items.push(3); // msg.items is still [1, 2]
 * copyMessage(new URL('http://x')) // throws ArgumentError: a message cannot contain a URL …
 */
import { EventEmitter } from 'node:events';
import { types } from 'node:util';
import { Pid, Ref } from './pid.js';
import { ArgumentError } from './errors.js';

/**
 * Mark a prototype with this symbol (value `true`) to send its instances by reference.
 * @example
 * class Socket { static { (this.prototype as any)[OPAQUE] = true; } }
 */
export const OPAQUE: unique symbol = Symbol.for('genrepl.opaque');
(Pid.prototype as any)[OPAQUE] = true;
(Ref.prototype as any)[OPAQUE] = true;

/** Whether the program has locked an object yet (see module doc): until then no copy asks. */
let locking = false;
const originals: [host: any, name: string, fn: unknown][] = [];
for (const [host, name] of [[Object, 'freeze'], [Object, 'seal'], [Object, 'preventExtensions'], [Reflect, 'preventExtensions']] as const) {
  const fn = (host as any)[name];
  originals.push([host, name, fn]);
  const once = {
    [name](o: unknown) {
      locking = true;
      for (const [h, n, f] of originals) h[n] = f;
      return fn(o);
    },
  }[name];
  Object.defineProperty(host, name, { value: once, writable: true, configurable: true, enumerable: false });
}

const MAX_FAST_DEPTH = 64;
const TOO_DEEP = { tooDeep: true };
const OBJ = Object.prototype;
const PID = Pid.prototype;
const ARR = Array.prototype;
/** Arrays longer than this are walked by present index (a sparse array may be 2**32-1 long). */
const LONG = 65536;
/** A run of holes this long in a long array: the rest is read from its own keys. */
const GAP = 1024;

/** Returns a deep copy of `v` as a message (see module doc). @example copyMessage([1, 'a']) */
export function copyMessage<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  try {
    try {
      return fast(v, 0) as T;
    } catch (e) {
      if (e !== TOO_DEEP) throw e;
      return slow(v, new Map()) as T;
    }
  } catch (e) {
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      throw new ArgumentError('a message cannot be nested this deep: its copy ran out of stack (send a flatter value)', 'genrepl.uncopyable');
    }
    if (!(e instanceof Refused)) throw e;
    const at = pathTo(v, e.value);
    throw new ArgumentError(`a message cannot contain ${article(e.kind.name!)}${at ? ` (at ${at})` : ''}: ${e.kind.why}`, 'genrepl.uncopyable');
  }
}

/** Thrown inside a copy for a value it refuses; copyMessage words it, with where the value was. */
class Refused {
  constructor(
    readonly value: object,
    readonly kind: Kind,
  ) {}
}

/**
 * Where `target` sits inside `root`, as `[1].home` (searched only once a copy has failed;
 * '' at the top or if not found). Walks what the copy walks: array items, own keys, Map
 * keys and values, Set members.
 */
function pathTo(root: object, target: object): string {
  const seen = new Set<object>();
  const walk = (v: unknown, path: string): string | null => {
    if (v === target) return path;
    if (typeof v !== 'object' || v === null || seen.has(v)) return null;
    seen.add(v);
    if (types.isMap(v)) {
      for (const [k, x] of mapEntries.call(v)) {
        const found = walk(k, `${path}.keys()`) ?? walk(x, `${path}.get(${typeof k === 'string' ? `'${k}'` : '…'})`);
        if (found !== null) return found;
      }
      return null;
    }
    if (types.isSet(v)) {
      for (const x of setValues.call(v)) {
        const found = walk(x, `${path}.values()`);
        if (found !== null) return found;
      }
      return null;
    }
    for (const k of Object.keys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      const found = d === undefined || !('value' in d) ? null : walk(d.value, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`);
      if (found !== null) return found;
    }
    return null;
  };
  return walk(root, '') ?? '';
}

function fast(v: object, d: number): unknown {
  if (d > MAX_FAST_DEPTH) throw TOO_DEEP;
  if (Array.isArray(v)) {
    if (v.length > LONG) return longArray(v, deeper(d));
    const out = v.slice();
    for (let i = 0; i < out.length; i++) {
      const x = out[i];
      // A pid (the commonest object in a message) is kept without a call: `instanceof` is
      // inlined where Object.getPrototypeOf is a call (~7 ns each); what has Pid.prototype in
      // its chain is shared anyway (its OPAQUE mark is inherited).
      if (typeof x === 'object' && x !== null && !(x instanceof Pid)) out[i] = fast(x, d + 1);
    }
    // An Array subclass (the distribution's List) keeps its own fields, e.g. an improper list's tail.
    if (Object.getPrototypeOf(v) !== ARR) return arrayFields(v, out, d);
    return locking && !Object.isExtensible(v) ? lock(out, v) : out; // inline: a call here costs 5-10%
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === PID) return v; // the commonest object inside a message: one comparison
  if (proto === OBJ || proto === null) {
    const out: any = proto === null ? Object.create(null) : {};
    for (const k of Object.keys(v)) {
      const x = (v as any)[k];
      const c = typeof x === 'object' && x !== null && !(x instanceof Pid) ? fast(x, d + 1) : x;
      // An own `__proto__` key (JSON.parse makes them) stays a key: assigned, it would set the prototype.
      if (k === '__proto__') defineOwn(out, k, c);
      else out[k] = c;
    }
    return locking && !Object.isExtensible(v) ? lock(out, v) : out;
  }
  return special(v, proto, deeper(d));
}

/**
 * `fast` one level down, as a function for the walkers that take one. Made here, not in
 * `fast`: a closure there over `d` made every call of `fast` allocate a context (40 B per
 * message copied), whether or not a closure was needed.
 */
function deeper(d: number): (x: unknown) => unknown {
  return (x) => (typeof x === 'object' && x !== null ? fast(x, d + 1) : x);
}

/** An Array subclass's copy `out` given `v`'s own non-index fields (kept out of `fast`, which stays small). */
function arrayFields(v: unknown[], out: unknown[], d: number): unknown {
  return own(v, out, deeper(d), extraKeys(v));
}

function slow(v: unknown, seen: Map<object, unknown>): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    if (v.length > LONG) return longArray(v, (x) => slow(x, seen), seen);
    const out: unknown[] = new Array(v.length);
    seen.set(v, out);
    for (let i = 0; i < v.length; i++) if (i in v) out[i] = slow(v[i], seen);
    const proto = Object.getPrototypeOf(v);
    if (proto !== ARR) return own(v, Object.setPrototypeOf(out, proto), (x) => slow(x, seen), extraKeys(v));
    return locked(out, v);
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === OBJ || proto === null) {
    const out: any = proto === null ? Object.create(null) : {};
    seen.set(v, out);
    for (const k of Object.keys(v)) {
      const c = slow((v as any)[k], seen);
      if (k === '__proto__') defineOwn(out, k, c);
      else out[k] = c;
    }
    return locked(out, v);
  }
  return special(v, proto, (x) => slow(x, seen), seen);
}

/** A long array, walked by index until a long run of holes, then by its remaining own keys. */
function longArray(v: unknown[], sub: (x: unknown) => unknown, seen?: Map<object, unknown>): unknown[] {
  const n = v.length;
  const out: unknown[] = new Array(n);
  seen?.set(v, out);
  let gap = 0;
  for (let i = 0; i < n; i++) {
    if (i in v) {
      out[i] = sub(v[i]);
      gap = 0;
    } else if (++gap === GAP) {
      for (const k of Object.keys(v)) if (!(Number(k) < i)) (out as any)[k] = sub((v as any)[k]);
      break;
    }
  }
  return locked(out, v);
}

/** The own enumerable keys of an array that are not indices (an improper list's `tail`). */
function extraKeys(v: unknown[]): string[] {
  const keys = Object.keys(v);
  return keys.length === v.length ? [] : keys.filter((k) => String(k.length > 0 ? Number(k) >>> 0 : -1) !== k);
}

/** Makes `k` an own, ordinary data property of `out` (for `__proto__`, which assignment would not). */
function defineOwn(out: object, k: string, value: unknown): void {
  Object.defineProperty(out, k, { value, writable: true, enumerable: true, configurable: true });
}

/** `out`, locked as `v` is once the program locks objects at all (see module doc). */
function locked<T extends object>(out: T, v: object): T {
  return locking && !Object.isExtensible(v) ? lock(out, v) : out;
}

/** Gives `out` the extensibility `v` has (frozen, sealed or not extensible). */
function lock<T extends object>(out: T, v: object): T {
  if (Object.isFrozen(v)) return Object.freeze(out);
  if (Object.isSealed(v)) return Object.seal(out);
  return Object.preventExtensions(out);
}

// ---------------------------------------------------------------- objects that are not plain

const enum K {
  Instance,
  Share,
  Refuse,
  Map,
  Set,
  Date,
  RegExp,
  Error,
  Typed,
  ArrayBuffer,
  DataView,
  Boxed,
}
/** How instances of a prototype are copied; `base` is the built-in constructor to rebuild with. */
interface Kind {
  k: K;
  base?: any;
  /** For refusals: the sentence after "a message cannot contain a Name". */
  why?: string;
  name?: string;
}

const HIDDEN = 'its state is internal to it, where a copy cannot reach (send plain data instead)';
const BUILTIN = new Map<object, Kind>();
const kindOf = (k: K, ctors: any[]) => {
  for (const C of ctors) BUILTIN.set(C.prototype, { k, base: C });
};
kindOf(K.Map, [Map]);
kindOf(K.Set, [Set]);
kindOf(K.Date, [Date]);
kindOf(K.RegExp, [RegExp]);
kindOf(K.Error, [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]);
kindOf(K.Typed, [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]);
BUILTIN.set(Buffer.prototype, { k: K.Typed, base: Uint8Array });
kindOf(K.ArrayBuffer, [ArrayBuffer]);
kindOf(K.DataView, [DataView]);
kindOf(K.Boxed, [Number, String, Boolean, BigInt, Symbol]);
kindOf(K.Share, [Promise, WeakRef]);
kindOf(K.Instance, [Array]);
// A stream, a socket, a server, a child process: a handle on something outside the process,
// passed as the BEAM passes a port (the same handle), not copied into a husk.
BUILTIN.set(EventEmitter.prototype, { k: K.Share });
BUILTIN.set(SharedArrayBuffer.prototype, { k: K.Refuse, name: 'SharedArrayBuffer', why: 'processes share no memory (send a copy: new Uint8Array(sab).slice())' });
const ITER = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const GEN = Object.getPrototypeOf(function* () {}).prototype;
const AGEN = Object.getPrototypeOf(async function* () {}).prototype;
const AITER = Object.getPrototypeOf(AGEN);
for (const [p, name] of [[GEN, 'generator'], [AGEN, 'async generator'], [ITER, 'iterator'], [AITER, 'async iterator']] as const) {
  BUILTIN.set(p, { k: K.Refuse, name, why: 'where it is in its sequence cannot be copied (send the values: [...it])' });
}
/** Names of the globals Node defines (read without calling their lazy getters). */
const NODE_GLOBALS = new Set(Object.getOwnPropertyNames(globalThis));
const KINDS = new WeakMap<object, Kind>();
const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;

/** Copies a non-plain object; `sub` copies its members; `seen` records it before descending. */
function special(v: object, proto: any, sub: (x: unknown) => unknown, seen?: Map<object, unknown>): unknown {
  if (proto[OPAQUE] === true) return v;
  let kind = KINDS.get(proto);
  if (kind === undefined) KINDS.set(proto, (kind = classify(proto)));
  let out: any;
  switch (kind.k) {
    case K.Share:
      return v;
    case K.Refuse:
      throw new Refused(v, kind);
    case K.Map:
      if (!types.isMap(v)) break;
      out = rebuild(new Map(), kind.base, proto, seen, v);
      mapForEach.call(v, (x: unknown, k: unknown) => mapSet.call(out, sub(k), sub(x)));
      return own(v, out, sub, Object.keys(v));
    case K.Set:
      if (!types.isSet(v)) break;
      out = rebuild(new Set(), kind.base, proto, seen, v);
      setForEach.call(v, (x: unknown) => setAdd.call(out, sub(x)));
      return own(v, out, sub, Object.keys(v));
    case K.Date:
      if (!types.isDate(v)) break;
      return own(v, rebuild(new Date(dateTime.call(v)), kind.base, proto, seen, v), sub, Object.keys(v));
    case K.RegExp:
      if (!types.isRegExp(v)) break;
      out = rebuild(new RegExp(reSource.call(v), reFlags.call(v)), kind.base, proto, seen, v);
      out.lastIndex = (v as RegExp).lastIndex;
      return own(v, out, sub, Object.keys(v));
    case K.Error:
      if (!types.isNativeError(v)) return own(v, instance(proto, seen, v), sub, Object.getOwnPropertyNames(v));
      out = rebuild(new Error(), Error, proto, seen, v);
      if (!Object.hasOwn(v, 'stack')) delete out.stack;
      return own(v, out, sub, Object.getOwnPropertyNames(v));
    case K.Typed:
      if (!types.isTypedArray(v)) break;
      return rebuild(new kind.base(v), kind.base, proto, undefined, v);
    case K.ArrayBuffer:
      if (!types.isArrayBuffer(v)) break;
      return rebuild(bufSlice.call(v, 0), kind.base, proto, undefined, v);
    case K.DataView: {
      if (!types.isDataView(v)) break;
      const dv = v as DataView;
      // Its bytes, copied out of whatever buffer it views (an ArrayBuffer or a SharedArrayBuffer).
      const bytes = new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength).slice();
      return rebuild(new DataView(bytes.buffer), kind.base, proto, undefined, v);
    }
    case K.Boxed:
      if (!types.isBoxedPrimitive(v)) break;
      return rebuild(Object(kind.base.prototype.valueOf.call(v)), kind.base, proto, undefined, v);
  }
  // A class instance, or an object made from a built-in's prototype without being one (a husk
  // already: it is copied as it is).
  return own(v, instance(proto, seen, v), sub, instanceKeys(v));
}

/** A class instance's own enumerable keys, symbol-keyed fields (`[S] = …`) included. */
function instanceKeys(v: object): (string | symbol)[] {
  const syms = Object.getOwnPropertySymbols(v);
  if (syms.length === 0) return Object.keys(v);
  return [...Object.keys(v), ...syms.filter((s) => Object.prototype.propertyIsEnumerable.call(v, s))];
}

const mapForEach = Map.prototype.forEach;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;
const mapSet = Map.prototype.set;
const setForEach = Set.prototype.forEach;
const setAdd = Set.prototype.add;
const dateTime = Date.prototype.getTime;
const reSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get!;
const reFlags = Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags')!.get!;
const bufSlice = ArrayBuffer.prototype.slice as (this: ArrayBufferLike, a: number, b?: number) => ArrayBuffer;

/** `out` (a new built-in) given `v`'s prototype when `v` is a subclass's, and recorded in `seen`. */
function rebuild(out: object, base: any, proto: object, seen: Map<object, unknown> | undefined, v: object): any {
  if (proto !== base.prototype) Object.setPrototypeOf(out, proto);
  seen?.set(v, out);
  return out;
}

function instance(proto: object, seen: Map<object, unknown> | undefined, v: object): object {
  const out = Object.create(proto);
  seen?.set(v, out);
  return out;
}

/** Copies `v`'s own properties `keys` onto `out` with their descriptors, then its extensibility. */
function own(v: object, out: any, sub: (x: unknown) => unknown, keys: (string | symbol)[]): unknown {
  for (const k of keys) {
    const desc = Object.getOwnPropertyDescriptor(v, k)!;
    if ('value' in desc) desc.value = sub(desc.value);
    Object.defineProperty(out, k, desc);
  }
  return locked(out, v);
}

/**
 * Walks a prototype chain up to Object.prototype: the first built-in met decides; a native or
 * Node-global class, or a class with `#private` instance members, is refused.
 */
function classify(proto: object): Kind {
  let first: string | undefined;
  for (let p: object | null = proto; p !== null && p !== OBJ; p = Object.getPrototypeOf(p)) {
    const known = BUILTIN.get(p);
    // A refused built-in's subclass is refused under its own name (a Readable: an EventEmitter).
    if (known !== undefined) return known.k === K.Refuse && first !== undefined && first !== known.name ? { ...known, name: `${first} (${article(known.name!)})` } : known;
    const ctor = ownValue(p, 'constructor');
    if (typeof ctor !== 'function') continue;
    const nm = ownValue(ctor, 'name');
    const name = typeof nm === 'string' && nm !== '' ? nm : 'instance of an anonymous class';
    first ??= name;
    const src = Function.prototype.toString.call(ctor);
    // Another realm's Object.prototype (a vm context): its objects are plain, copied as instances.
    if (name === 'Object' && Object.getPrototypeOf(p) === null) break;
    if (NATIVE.test(src) || isNodeGlobal(ctor, name)) return { k: K.Refuse, name, why: HIDDEN };
    if (hasPrivateMembers(src)) {
      return { k: K.Refuse, name, why: 'its class has #private fields, which a copy cannot carry (use ordinary fields, or send plain data)' };
    }
  }
  return { k: K.Instance };
}

function ownValue(o: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d !== undefined && 'value' in d ? d.value : undefined;
}

function isNodeGlobal(ctor: Function, name: string): boolean {
  if (!NODE_GLOBALS.has(name)) return false;
  const d = Object.getOwnPropertyDescriptor(globalThis, name);
  if (d === undefined) return false;
  return ('value' in d ? d.value : d.get?.call(globalThis)) === ctor;
}

function article(name: string): string {
  return /^[aeiou]/i.test(name) && !/^U[A-Z]/.test(name) ? `an ${name}` : `a ${name}`;
}

/**
 * Whether a class's source declares a `#private` instance member (a field, method or accessor;
 * `static #x` is not the instance's). Strings, comments and regular expressions are skipped;
 * TypeScript's downlevelled form (`__classPrivateFieldGet`) counts too.
 * @example hasPrivateMembers('class A { #n = 0 }') // true
 */
function hasPrivateMembers(src: string): boolean {
  if (src.includes('__classPrivateField')) return true;
  if (!src.includes('#')) return false;
  let prev = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"' || c === "'" || c === '`') i = skipQuoted(src, i, c);
    else if (c === '/' && src[i + 1] === '/') i = end(src.indexOf('\n', i), src);
    else if (c === '/' && src[i + 1] === '*') i = end(src.indexOf('*/', i + 2) + 1, src);
    else if (c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev))) i = skipQuoted(src, i, '/');
    else if (c === '#' && /[\w$\\]/.test(src[i + 1] ?? '') && prev !== '.' && !/(^|[^\w$])static$/.test(src.slice(Math.max(0, i - 16), i).trimEnd())) {
      return true;
    }
    if (!/\s/.test(c)) prev = c;
  }
  return false;
}

const end = (i: number, src: string) => (i < 0 ? src.length : i);

/** The index of the quote closing the literal opened at `i` (escapes skipped; `[/]` in a regex). */
function skipQuoted(src: string, i: number, q: string): number {
  let inClass = false;
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (q === '/' && c === '[') inClass = true;
    else if (q === '/' && c === ']') inClass = false;
    else if (c === q && !inClass) return j;
    else if (c === '\n' && q !== '`') return j;
  }
  return src.length;
}
