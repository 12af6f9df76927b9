/**
 * Reading a file that must be text (a history file, a replayed script): binary data (a NUL
 * byte, bytes that are not UTF-8, control characters other than tab, newline, carriage return,
 * escape and form feed) is refused, so it is never shown as input or replayed as keystrokes.
 *
 * @example
 * const r = readText('demo.genrepl');
 * if (r.ok) console.log(r.text.length); else console.log(r.why); // 'no such file', 'not text (binary data)', …
 */
import { readFileSync } from 'node:fs';

/** What reading a text file gave: the text, or why there is none (`kind` tells a missing file and binary data apart). */
export type TextRead = { ok: true; text: string } | { ok: false; why: string; kind: 'missing' | 'binary' | 'unreadable' };

const decoder = new TextDecoder('utf-8', { fatal: true });
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]/;

/** Whether bytes are text: UTF-8 without control characters (tab, newlines, escape allowed). @example isText(Buffer.from('1 + 1\n')) // true */
export function isText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return false;
  }
  return !CONTROL.test(text);
}

/** Reads `path` as UTF-8 text, refusing binary data. @example readText('.genrepl_history') */
export function readText(path: string): TextRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e: any) {
    return { ok: false, why: fileError(e), kind: e?.code === 'ENOENT' ? 'missing' : 'unreadable' };
  }
  if (!isText(bytes)) return { ok: false, why: 'not text (binary data)', kind: 'binary' };
  return { ok: true, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
}

/** A file system error in a few words. @example fileError({ code: 'EISDIR' }) // 'it is a directory' */
export function fileError(e: any): string {
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return String(e?.message ?? e);
  }
}
