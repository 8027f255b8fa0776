/**
 * What integrators learn about a failed attempt: a category and a sentence in our own words, never the
 * connection's raw error message (which can name internal hosts, addresses and library internals; it
 * goes to the logs only).
 */

export const ATTEMPT_ERROR_CATEGORIES = [
  'HTTP_STATUS',
  'TIMEOUT',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'UNREACHABLE',
  'DNS',
  'TLS',
  'ADDRESS_NOT_ALLOWED',
  'URL_NOT_ALLOWED',
  'NETWORK',
] as const;
export type AttemptErrorCategory = (typeof ATTEMPT_ERROR_CATEGORIES)[number];

/** The sentence shown for a category of failure without an HTTP response. */
export function describeCategory(category: Exclude<AttemptErrorCategory, 'HTTP_STATUS'>, timeoutMs: number) {
  switch (category) {
    case 'TIMEOUT':
      return `no response within ${timeoutMs / 1000} s`;
    case 'CONNECTION_REFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'CONNECTION_RESET':
      return 'connection closed before a response (ECONNRESET)';
    case 'UNREACHABLE':
      return 'host or network unreachable';
    case 'DNS':
      return 'the host name did not resolve';
    case 'TLS':
      return 'TLS handshake failed: certificate not valid for the host, or no common protocol';
    case 'NETWORK':
      return 'the request failed without an HTTP response';
    case 'ADDRESS_NOT_ALLOWED':
      return 'not sent: the host is a non-public address';
    case 'URL_NOT_ALLOWED':
      return 'not sent: the URL is not allowed';
  }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
/** OpenSSL's certificate verification codes, as Node reports them on `error.code`. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;

/** The category of an error thrown while sending (by node:http(s), a socket, or a timeout). */
export function categoryOf(error: unknown): Exclude<AttemptErrorCategory, 'HTTP_STATUS'> {
  const { name, code } = errorFields(error);
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'TIMEOUT';
  if (code === 'ECONNREFUSED') return 'CONNECTION_REFUSED';
  if (code && RESET_CODES.has(code)) return 'CONNECTION_RESET';
  if (code && UNREACHABLE_CODES.has(code)) return 'UNREACHABLE';
  if (code && DNS_CODES.has(code)) return 'DNS';
  if (code && TLS_CODE.test(code)) return 'TLS';
  return 'NETWORK';
}

/** The name and code of an error, or of its cause when it wraps one (fetch-style errors do). */
function errorFields(error: unknown): { name?: string; code?: string } {
  const fields = (e: unknown) => {
    if (!(e instanceof Error)) return {};
    const code = (e as { code?: unknown }).code;
    return { name: e.name, code: typeof code === 'string' ? code : undefined };
  };
  const own = fields(error);
  if (own.code || own.name === 'TimeoutError') return own;
  const cause = error instanceof Error ? fields(error.cause) : {};
  return cause.code || cause.name === 'TimeoutError' ? cause : own;
}
