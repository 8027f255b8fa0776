/** Webhooks, offline: how deliveries are signed, which endpoints are accepted, when attempts are retried. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../services/shared/errors.ts';
import { parseInput } from '../../services/shared/validation.ts';
import { afterAttempt, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../services/webhooks/backoff.ts';
import { createWebhookSubscriptionInput, webhookUrlProblem } from '../../services/webhooks/model.ts';
import { newWebhookSecret, signBody, verifySignature } from '../../services/webhooks/signature.ts';

describe('webhook signature', () => {
  const body = '{"id":"evt-1","source":"clearwater.plan"}';
  const secret = 'whsec_test-secret';

  it('is sha256= and the hex HMAC-SHA256 of the raw body keyed with the whole secret', () => {
    // Computed outside Node: printf '%s' "$body" | openssl dgst -sha256 -hmac 'whsec_test-secret' -hex
    expect(signBody(body, secret)).toBe(
      'sha256=7a490a5ec7ef3444b975f7d49fa57b7de3ced9a0c6313cc04c77f72bde3d85ac',
    );
  });

  it('equals what a receiver computes with its own HMAC, for any body including non-ASCII text', () => {
    const chinese = JSON.stringify({ detail: { data: { title: '运盐政办发〔2020〕16号' } } });
    const expected = createHmac('sha256', secret).update(Buffer.from(chinese, 'utf8')).digest('hex');
    expect(signBody(chinese, secret)).toBe(`sha256=${expected}`);
  });

  it('verifies only the exact body with the right secret', () => {
    const header = signBody(body, secret);
    expect(verifySignature(body, secret, header)).toBe(true);
    expect(verifySignature(`${body} `, secret, header)).toBe(false);
    expect(verifySignature(body, 'whsec_other', header)).toBe(false);
    expect(verifySignature(body, secret, undefined)).toBe(false);
    expect(verifySignature(body, secret, 'sha256=00')).toBe(false);
  });

  it('makes secrets of 32 random bytes, base64url, prefixed whsec_', () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice('whsec_'.length), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });
});

describe('webhook endpoint URL', () => {
  it('accepts https URLs, with ports, paths and queries', () => {
    expect(webhookUrlProblem('https://police.example.gov.cn/hooks/clearwater')).toBeUndefined();
    expect(webhookUrlProblem('https://10.1.2.3:8443/in?channel=water')).toBeUndefined();
  });

  it('rejects plain http, other schemes and relative URLs', () => {
    expect(webhookUrlProblem('http://police.example.gov.cn/hooks')).toBe('must use https');
    expect(webhookUrlProblem('ftp://example.com/')).toBe('must use https');
    expect(webhookUrlProblem('/hooks')).toBe('must be an absolute URL');
  });

  it('accepts http://localhost and http://127.0.0.1 only when the local runtime allows it', () => {
    for (const url of ['http://localhost:4000/hooks', 'http://127.0.0.1:9/x', 'http://localhost/']) {
      expect(webhookUrlProblem(url, false)).toBe('must use https');
      expect(webhookUrlProblem(url, true)).toBeUndefined();
    }
    expect(webhookUrlProblem('http://example.com/', true)).toMatch(/^must use https/);
    expect(webhookUrlProblem('http://localhost.example.com/', true)).toMatch(/^must use https/);
  });

  it('rejects credentials in the URL', () => {
    expect(webhookUrlProblem('https://user:pass@example.com/')).toBe('must not contain credentials');
    expect(webhookUrlProblem('https://token@example.com/')).toBe('must not contain credentials');
  });

  it('rejects URLs longer than 2048 characters', () => {
    const base = 'https://example.com/';
    expect(webhookUrlProblem(base + 'a'.repeat(2048 - base.length))).toBeUndefined();
    expect(webhookUrlProblem(base + 'a'.repeat(2049 - base.length))).toBe('must be at most 2048 characters');
  });
});

describe('CreateWebhookSubscriptionInput', () => {
  const parse = (input: object, allowInsecureLocalhost = false) =>
    parseInput(createWebhookSubscriptionInput({ allowInsecureLocalhost }), input);
  const problemsOf = (input: object) => {
    try {
      parse(input);
    } catch (error) {
      if (error instanceof BadUserInputError) return error.problems;
      throw error;
    }
    throw new Error('expected BAD_USER_INPUT');
  };
  const valid = { url: 'https://example.com/hooks', eventPattern: '{ "source": ["clearwater.deadlines"] }' };

  it('keeps the pattern as compact JSON', () => {
    expect(parse(valid)).toEqual({ url: valid.url, eventPattern: '{"source":["clearwater.deadlines"]}' });
  });

  it('names input.url for a bad URL', () => {
    expect(problemsOf({ ...valid, url: 'http://example.com/' })).toEqual([
      { field: 'input.url', message: 'must use https' },
    ]);
  });

  it('names input.eventPattern when the pattern is not JSON', () => {
    expect(problemsOf({ ...valid, eventPattern: '{source: clearwater}' })).toEqual([
      { field: 'input.eventPattern', message: expect.stringMatching(/JSON/) },
    ]);
  });

  it('lists every problem EventBridge would reject the pattern for', () => {
    const problems = problemsOf({
      ...valid,
      eventPattern: JSON.stringify({ source: 'clearwater.plan', detail: { n: [{ numeric: ['>'] }] } }),
    });
    expect(problems).toEqual([
      {
        field: 'input.eventPattern',
        message: expect.stringMatching(/^source: values to match must be in an array/),
      },
      { field: 'input.eventPattern', message: expect.stringMatching(/^detail\.n\[0\]: "numeric"/) },
    ]);
  });

  it('limits the description to 500 characters', () => {
    expect(parse({ ...valid, description: 'x'.repeat(500) }).description).toHaveLength(500);
    expect(problemsOf({ ...valid, description: 'x'.repeat(501) })[0]?.field).toBe('input.description');
  });
});

describe('delivery retry schedule', () => {
  const now = new Date('2020-04-10T01:00:00.000Z');
  const nextAfter = (attempt: number) => {
    const outcome = afterAttempt(attempt, 500, now);
    return outcome.status === 'PENDING'
      ? (outcome.nextAttemptAt.getTime() - now.getTime()) / 1000
      : outcome.status;
  };

  it('waits 30 s, 2 min, 10 min, 1 h, 6 h, then 24 h after each failed attempt', () => {
    expect([1, 2, 3, 4, 5, 6].map(nextAfter)).toEqual([30, 120, 600, 3600, 21_600, 86_400]);
    expect(RETRY_DELAYS_MS).toHaveLength(6);
  });

  it('gives up after the seventh attempt fails', () => {
    expect(MAX_ATTEMPTS).toBe(7);
    expect(afterAttempt(7, 503, now)).toEqual({ status: 'FAILED' });
  });

  it('treats any 2xx as delivered, and redirects, errors and no response as failures', () => {
    expect(afterAttempt(1, 200, now)).toEqual({ status: 'DELIVERED' });
    expect(afterAttempt(7, 204, now)).toEqual({ status: 'DELIVERED' });
    for (const status of [199, 301, 404, 500, undefined])
      expect(afterAttempt(1, status, now).status).toBe('PENDING');
  });
});
