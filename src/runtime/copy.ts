/**
 * Copy-on-send: what a process receives can never be changed by its sender afterwards.
 *
 * Primitives and functions pass as they are (the fast path: one `typeof`). Pids, refs and
 * other values marked `OPAQUE` pass by reference. Arrays, plain objects, Map, Set, Date,
 * RegExp, typed arrays, ArrayBuffer, errors and class instances are copied deeply. Shallow
 * trees are copied without cycle tracking; past a depth of 64 the copy restarts with a
 * `seen` table, so cyclic values are copied faithfully, cycles included.
 *
 * @example
 * const msg = { items: [1, 2] };
 * const c = copyMessage(msg) as typeof msg;
 * c.items.push(3); // msg.items is still [1, 2]
 */
import { Pid, Ref } from './pid.js';

/** Mark a prototype with this symbol (value `true`) to send its instances by reference. */
export const OPAQUE: unique symbol = Symbol.for('genrepl.opaque');
(Pid.prototype as any)[OPAQUE] = true;
(Ref.prototype as any)[OPAQUE] = true;
for (const C of [Promise, WeakMap, WeakSet, WeakRef] as any[]) C.prototype[OPAQUE] = true;

const MAX_FAST_DEPTH = 64;
const TOO_DEEP = { tooDeep: true };
const OBJ = Object.prototype;
const PID = Pid.prototype;

/** Returns a deep copy of `v` as a message (see module doc). @example copyMessage([1, 'a']) */
export function copyMessage<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  try {
    return fast(v, 0) as T;
  } catch (e) {
    if (e !== TOO_DEEP) throw e;
    return slow(v, new Map()) as T;
  }
}

function fast(v: object, d: number): unknown {
  if (d > MAX_FAST_DEPTH) throw TOO_DEEP;
  if (Array.isArray(v)) {
    const out = v.slice();
    for (let i = 0; i < out.length; i++) {
      const x = out[i];
      if (typeof x === 'object' && x !== null) out[i] = fast(x, d + 1);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === PID) return v; // the commonest object inside a message: one comparison
  if (proto === OBJ || proto === null) {
    const out: any = proto === null ? Object.create(null) : {};
    for (const k of Object.keys(v)) {
      const x = (v as any)[k];
      out[k] = typeof x === 'object' && x !== null ? fast(x, d + 1) : x;
    }
    return out;
  }
  return special(v, proto, (x) => (typeof x === 'object' && x !== null ? fast(x, d + 1) : x));
}

function slow(v: unknown, seen: Map<object, unknown>): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    seen.set(v, out);
    for (let i = 0; i < v.length; i++) out[i] = slow(v[i], seen);
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === OBJ || proto === null) {
    const out: any = proto === null ? Object.create(null) : {};
    seen.set(v, out);
    for (const k of Object.keys(v)) out[k] = slow((v as any)[k], seen);
    return out;
  }
  return special(v, proto, (x) => slow(x, seen), seen);
}

/** Copies a non-plain object; `sub` copies its members; `seen` records it before descending. */
function special(v: object, proto: any, sub: (x: unknown) => unknown, seen?: Map<object, unknown>): unknown {
  if (proto[OPAQUE] === true) return v;
  if (v instanceof Map) {
    const out = new Map();
    seen?.set(v, out);
    for (const [k, x] of v) out.set(sub(k), sub(x));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    seen?.set(v, out);
    for (const x of v) out.add(sub(x));
    return out;
  }
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof RegExp) return new RegExp(v.source, v.flags);
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) return new DataView(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    return (v as any).slice();
  }
  if (v instanceof ArrayBuffer) return v.slice(0);
  // Errors and class instances: same prototype, own properties copied (non-enumerable ones too
  // for errors, whose message and stack are own non-enumerable properties).
  const out = Object.create(proto);
  seen?.set(v, out);
  const keys = v instanceof Error ? Object.getOwnPropertyNames(v) : Object.keys(v);
  for (const k of keys) {
    const desc = Object.getOwnPropertyDescriptor(v, k)!;
    if ('value' in desc) desc.value = sub(desc.value);
    Object.defineProperty(out, k, desc);
  }
  return out;
}
