import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Handshake, HandshakeError, ourFlags, DFLAG, digest } from '../../dist/dist/handshake.js';
import { readCookie } from '../../dist/dist/cookie.js';

const cfg = (name, cookie = 'c') => ({ name, cookie, flags: ourFlags(false), creation: 9 });
const frame = (b) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b]);
/** Splits a byte stream of 2-byte-length messages. */
const messages = (buf) => { const out = []; for (let i = 0; i < buf.length;) { const n = buf.readUInt16BE(i); out.push(buf.subarray(i + 2, i + 2 + n)); i += 2 + n; } return out; };

describe('readCookie', () => {
  it('creates ~/.erlang.cookie as erl does (20 capital letters, mode 0400) and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cookie-'));
    const path = join(dir, '.erlang.cookie');
    const c = readCookie(path);
    assert.match(c, /^[A-Z]{20}$/);
    assert.equal(statSync(path).mode & 0o777, 0o400);
    assert.equal(readCookie(path), c);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('Handshake', () => {
  it('digest is md5(cookie ++ challenge in decimal)', () => {
    assert.deepEqual(digest('monster', 4294967295), createHash('md5').update('monster4294967295').digest());
  });
  it('offers the flags OTP 26 requires (UNLINK_ID, V4_NC) and no atom cache or fragments; hidden drops PUBLISHED', () => {
    const f = ourFlags(false);
    for (const k of ['UNLINK_ID', 'V4_NC', 'HANDSHAKE_23', 'BIG_CREATION', 'UTF8_ATOMS', 'MAP_TAG', 'PUBLISHED']) assert.ok(f & DFLAG[k], k);
    for (const k of ['ATOM_CACHE', 'DIST_HDR_ATOM_CACHE', 'FRAGMENTS']) assert.equal(f & DFLAG[k], 0n, k);
    assert.equal(ourFlags(true) & DFLAG.PUBLISHED, 0n);
  });
  it("accepts the version 5 'n' name and answers in the old form", () => {
    const b = new Handshake('acceptor', cfg('b@h'));
    const flags32 = Number(ourFlags(false) & 0xffffffffn) & ~Number(DFLAG.HANDSHAKE_23);
    const name = Buffer.concat([Buffer.from([0x6e, 0, 5, 0, 0, 0, 0]), Buffer.from('old@h')]);
    name.writeUInt32BE(flags32 >>> 0, 3);
    const [status, challenge] = messages(Buffer.concat(b.feed(frame(name))));
    assert.equal(status.toString(), 'sok');
    assert.equal(challenge[0], 0x6e);
    assert.equal(challenge.readUInt16BE(1), 5);
    assert.equal(challenge.subarray(11).toString(), 'b@h');
    const theirs = challenge.readUInt32BE(7);
    const reply = Buffer.alloc(21);
    reply[0] = 0x72; reply.writeUInt32BE(77, 1); digest('c', theirs).copy(reply, 5);
    const [ack] = messages(Buffer.concat(b.feed(frame(reply))));
    assert.equal(ack[0], 0x61);
    assert.deepEqual(ack.subarray(1), digest('c', 77));
    assert.equal(b.done.peer, 'old@h');
  });
  it("an 'n' with HANDSHAKE_23 gets the new challenge and may send the complement 'c'", () => {
    const b = new Handshake('acceptor', cfg('b@h'));
    const name = Buffer.concat([Buffer.from([0x6e, 0, 6, 0, 0, 0, 0]), Buffer.from('mid@h')]);
    name.writeUInt32BE(Number(ourFlags(false) & 0xffffffffn) >>> 0, 3);
    const [, challenge] = messages(Buffer.concat(b.feed(frame(name))));
    assert.equal(challenge[0], 0x4e);
    const comp = Buffer.alloc(9); comp[0] = 0x63; comp.writeUInt32BE(Number(ourFlags(false) >> 32n), 1); comp.writeUInt32BE(1234, 5);
    b.feed(frame(comp));
    const reply = Buffer.alloc(21); reply[0] = 0x72; digest('c', challenge.readUInt32BE(9)).copy(reply, 5);
    b.feed(frame(reply));
    assert.equal(b.done.creation, 1234);
    assert.ok(b.done.flags & DFLAG.V4_NC);
  });
  it('refuses a peer without the mandatory flags, naming them', () => {
    const b = new Handshake('acceptor', cfg('b@h'));
    const name = Buffer.alloc(15 + 3); name[0] = 0x4e; name.writeBigUInt64BE(DFLAG.EXTENDED_REFERENCES, 1); name.writeUInt16BE(3, 13); name.write('x@h', 15);
    assert.throws(() => b.feed(frame(name)), (e) => e instanceof HandshakeError && e.reason === 'flags' && /MAP_TAG/.test(e.message));
  });
  it('the acceptor refuses with its status (nok for a simultaneous connect) and sends it before failing', () => {
    const b = new Handshake('acceptor', cfg('b@h'), undefined, () => 'nok');
    const a = new Handshake('initiator', cfg('a@h'), 'b@h');
    let err;
    try { b.feed(a.start()); } catch (e) { err = e; }
    assert.equal(err.reason, 'refused');
    assert.equal(messages(Buffer.concat(err.reply))[0].toString(), 'snok');
    assert.throws(() => a.feed(Buffer.concat(err.reply)), (e) => e.reason === 'refused' && /\(nok\)/.test(e.message));
  });
  it('the initiator refuses a peer that answers with another name', () => {
    const a = new Handshake('initiator', cfg('a@h'), 'b@h');
    const b = new Handshake('acceptor', cfg('impostor@h'));
    a.start();
    const out = Buffer.concat(b.feed(new Handshake('initiator', cfg('a@h'), 'impostor@h').start()));
    assert.throws(() => a.feed(out), (e) => e.reason === 'name');
  });
  it('a close after our challenge reply means the peer refused our cookie', () => {
    const a = new Handshake('initiator', cfg('a@h', 'x'), 'b@h');
    const b = new Handshake('acceptor', cfg('b@h', 'y'));
    a.feed(Buffer.concat(b.feed(a.start())));
    assert.equal(a.closedError().reason, 'cookie');
  });
});
