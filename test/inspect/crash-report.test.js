// A process that throws a value the printer finds hostile still dies properly: its crash report
// prints, it is marked dead, and its monitors fire. (A Proxy reason is the kernel's part: its
// exit path asks `instanceof`, which traps; see the kernel's tests.)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GenServer } from '../../dist/index.js';
import { fresh, settle } from '../helpers/runtime.js';

const boom = () => {
  throw new Error('user code ran');
};
const hostile = {
  'an object with a throwing getter': () => ({ get x() { return boom(); } }),
  'an object with a throwing [util.inspect.custom]': () => ({ [Symbol.for('nodejs.util.inspect.custom')]: boom }),
  'an Error whose message is a number': () => Object.assign(new Error('x'), { message: 42 }),
  'an Error whose message getter throws': () => Object.defineProperty(new Error('x'), 'message', { get: boom }),
};

describe('crash reports of hostile reasons', () => {
  for (const [what, make] of Object.entries(hostile)) {
    it(`a GenServer and a body that throw ${what} die, are reported, and signal their monitors`, async () => {
      const rt = fresh();
      const [, server] = GenServer.start({ init: () => ['ok', null], handle_cast() { throw make(); } }, null);
      const body = rt.spawn(() => { throw make(); });
      const refs = [rt.monitor(server), rt.monitor(body)];
      GenServer.cast(server, 'go');
      await settle(rt);
      for (const ref of refs) {
        const down = await rt.receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref, 0);
        assert.ok(down, `DOWN for ${what}`);
      }
      assert.equal(rt.alive(server), false);
      assert.equal(rt.alive(body), false);
      assert.ok(rt.logged.length >= 2, rt.logged.join('\n'));
      assert.doesNotMatch(rt.logged.join('\n'), /user code ran/);
    });
  }
});
