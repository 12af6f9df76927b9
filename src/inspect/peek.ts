/**
 * Reading a value without running its code: no getter, no Proxy trap, no `toString`. The
 * printer and the error formatter read through these, so printing any value (a thrown Proxy,
 * an object whose getter throws) can neither throw nor change anything.
 *
 * Only data properties are read, own or inherited; an accessor reads as {@link GETTER}, and a
 * Proxy (the value itself or a prototype in its chain) is not looked into at all.
 *
 * @example
 * peek({ get x() { throw new Error('no') } }, 'x') // GETTER
 * peek(new TypeError('bad'), 'name')             // 'TypeError' (from TypeError.prototype)
 * peek(new Proxy({}, { get() { throw 1 } }), 'a') // undefined, and no trap ran
 */
import { types } from 'node:util';

/** What {@link peek} returns for a property defined by a getter (which it does not call). */
export const GETTER: unique symbol = Symbol('getter');

/**
 * The data property `key` of `o` or of its prototypes, `GETTER` for an accessor, `undefined`
 * when absent or behind a Proxy. @example peek([], 'length') // 0
 */
export function peek(o: unknown, key: PropertyKey): unknown {
  if ((typeof o !== 'object' && typeof o !== 'function') || o === null) return undefined;
  for (let p: object | null = o; p !== null; p = Object.getPrototypeOf(p)) {
    if (types.isProxy(p)) return undefined;
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d !== undefined) return 'value' in d ? d.value : GETTER;
  }
  return undefined;
}

/** Whether `proto` is in `o`'s prototype chain, asked without Proxy traps. @example inherits(new TypeError(), Error.prototype) // true */
export function inherits(o: unknown, proto: object): boolean {
  if ((typeof o !== 'object' && typeof o !== 'function') || o === null || types.isProxy(o)) return false;
  for (let p = Object.getPrototypeOf(o); p !== null; p = Object.getPrototypeOf(p)) {
    if (p === proto) return true;
    if (types.isProxy(p)) return false;
  }
  return false;
}

/** Whether `v` is an Error (a native one, or an object inheriting Error.prototype). @example isError(new RangeError()) // true */
export function isError(v: unknown): v is Error {
  return types.isNativeError(v) ? !types.isProxy(v) : inherits(v, Error.prototype);
}

/** The name of `o`'s class, read without running code ('' when it has none). @example className(new Map()) // 'Map' */
export function className(o: object): string {
  const ctor = peek(o, 'constructor');
  const name = typeof ctor === 'function' ? peek(ctor, 'name') : undefined;
  return typeof name === 'string' ? name : '';
}
