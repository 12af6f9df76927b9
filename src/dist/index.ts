/**
 * The distribution layer: genrepl as a node of an Erlang cluster. One interface for the runtime
 * to plug into: `DistNode` (events in, methods out) over the term mapping of `terms.ts`.
 *
 * @example
 * import { DistNode, binary } from './dist/index.js';
 * const node = await new DistNode({ name: 'a@localhost', cookie: 'c' }).start();
 */
export * from './terms.js';
export { encode, decode, decodeSequence, Writer, EtfDecodeError, EtfEncodeError } from './etf.js';
export type { DecodeOptions, EncodeOptions } from './etf.js';
export { DistNode } from './node.js';
export type { DistNodeOptions, Dest } from './node.js';
export { ensureEpmd, register, portPlease, names, epmdPort, EpmdError } from './epmd.js';
export type { EpmdAddress, NodeEntry, Registration } from './epmd.js';
export { Handshake, HandshakeError, DFLAG, ourFlags, digest } from './handshake.js';
export type { HandshakeConfig, HandshakeResult, Status } from './handshake.js';
export { Connection, FrameReader } from './connection.js';
export type { ConnectionHandler, ConnectionOptions } from './connection.js';
export { readCookie } from './cookie.js';
