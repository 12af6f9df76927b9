/**
 * What a network error means, in words of the shell rather than Node's error codes: the text a
 * user reads when a node, epmd or a listening address cannot be reached (`getaddrinfo ENOTFOUND
 * x` becomes `unknown host`).
 *
 * @example
 * netWords(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' })) // 'unknown host'
 */
const WORDS: Record<string, string> = {
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
  EAI_FAIL: 'unknown host',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection closed',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  EADDRINUSE: 'address in use',
  EACCES: 'permission denied',
};

/**
 * The words for network error `e`, without its Node code; `network error` when it has no known code.
 * @example netWords({ code: 'ECONNRESET' } as NodeJS.ErrnoException) // 'connection closed'
 */
export function netWords(e: NodeJS.ErrnoException): string {
  return (e.code !== undefined && WORDS[e.code]) || 'network error';
}
