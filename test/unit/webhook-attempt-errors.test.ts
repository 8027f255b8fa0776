/** The category of a failed webhook attempt, from the error Node raises; offline. */
import { describe, expect, it } from 'vitest';
import { categoryOf } from '../../services/webhooks/attempt-errors.ts';
import { RequestTimeoutError } from '../../services/webhooks/http-client.ts';

const withCode = (code: string, message = 'raw message naming 10.0.0.1') =>
  Object.assign(new Error(message), { code });

describe('Attempt error categories', () => {
  it.each([
    [new RequestTimeoutError('no response'), 'TIMEOUT'],
    [withCode('ETIMEDOUT'), 'TIMEOUT'],
    [withCode('ECONNREFUSED'), 'CONNECTION_REFUSED'],
    [withCode('ECONNRESET'), 'CONNECTION_RESET'],
    [withCode('EPIPE'), 'CONNECTION_RESET'],
    [withCode('EHOSTUNREACH'), 'UNREACHABLE'],
    [withCode('ENETUNREACH'), 'UNREACHABLE'],
    [withCode('ENOTFOUND'), 'DNS'],
    [withCode('EAI_AGAIN'), 'DNS'],
    [withCode('DEPTH_ZERO_SELF_SIGNED_CERT'), 'TLS'],
    [withCode('CERT_HAS_EXPIRED'), 'TLS'],
    [withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'TLS'],
    [withCode('SELF_SIGNED_CERT_IN_CHAIN'), 'TLS'],
    [withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'TLS'],
    [withCode('ERR_SSL_WRONG_VERSION_NUMBER'), 'TLS'],
    [withCode('EPROTO'), 'TLS'],
    [new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }), 'CONNECTION_REFUSED'],
    [withCode('HPE_INVALID_CONSTANT'), 'NETWORK'],
    [new Error('something else'), 'NETWORK'],
    ['not even an error', 'NETWORK'],
  ])('%s is %s', (error, category) => {
    expect(categoryOf(error)).toBe(category);
  });
});
