import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { complete, listing } from '../../dist/shell/complete.js';
import { Process, spawn_handler, receive } from '../../dist/index.js';
import { fresh } from '../helpers/runtime.js';

describe('complete (Tab)', () => {
  it('completes members after a dot without evaluating anything', () => {
    globalThis.GenServerForTest = { call() {}, cast() {}, start() {} };
    assert.deepEqual(complete('GenServerForTest.ca'), [['GenServerForTest.call', 'GenServerForTest.cast'], 'GenServerForTest.ca']);
    let touched = false;
    globalThis.lazy = { get boom() { touched = true; return 1; } };
    complete('lazy.boom.');
    assert.equal(touched, false, 'a getter is never run');
  });
  it('completes globals, helpers and user bindings', () => {
    globalThis.my_pid_binding = 1;
    assert.deepEqual(complete('my_pid_b'), [['my_pid_binding'], 'my_pid_b']);
    assert.ok(complete('flu')[0].includes('flush'));
    assert.ok(complete('MyK')[0].includes('MyKeyStore'));
  });
  it('completes registered names inside quotes', () => {
    fresh();
    Process.register(spawn_handler(() => {}), 'counter');
    Process.register(spawn_handler(() => {}), 'cache');
    assert.deepEqual(complete("call('cou"), [["'counter'"], "'cou"]);
    assert.deepEqual(complete('send("c'), [['"cache"', '"counter"'], '"c']);
    void receive;
  });
  it('listing: what one Tab shows when it cannot complete further, functions with their arities', () => {
    globalThis.GenServerForList = { call(server, request, timeout = 5000) {}, cast(server, request) {}, start() {} };
    assert.equal(listing('GenServerForList.ca'), 'call/2    call/3    cast/2');
    assert.equal(listing('GenServerForList.cal'), null, 'one candidate: Tab completes it');
    assert.equal(listing('GenServerForList.st'), null);
  });
});
