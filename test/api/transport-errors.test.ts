/**
 * Malformed and oversized requests at the transport (issue 6, item 7): they answer coded 4xx errors, never
 * INTERNAL_SERVER_ERROR or a 5xx; deep nesting is refused before it can overflow a stack; and an error
 * never echoes unbounded input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ECHOED_VALUE_LENGTH, MAX_MESSAGE_LENGTH, MAX_PROBLEMS } from '../../graphql/errors.ts';
import { LIMIT_ERROR_CODE, QUERY_LIMITS } from '../../graphql/limits.ts';
import type { PlanDocumentInput } from '../../services/plan/model.ts';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi, YANHU_PLAN } from '../support/api.ts';

interface Answer {
  status: number;
  text: string;
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

const REPORT = 'mutation($i: ReportProgressInput!) { reportProgress(input: $i) { id } }';

describe('Malformed requests', () => {
  let api: TestApi;
  let supervisor: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'transport-errors' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
  });

  async function send(init: RequestInit, search?: string): Promise<Answer> {
    const response = await api.request(
      { ...init, headers: { authorization: `Bearer ${supervisor}`, ...(init.headers as object) } },
      search,
    );
    const text = await response.text();
    return { status: response.status, text, errors: JSON.parse(text).errors ?? [] };
  }
  const post = (body: string) =>
    send({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const get = (params: Record<string, string>) => send({ method: 'GET' }, `?${new URLSearchParams(params)}`);

  /** A coded client error: 4xx, or a GraphQL request error answered 200 to an application/json client. */
  function expectCoded(answer: Answer, code: string, status?: number) {
    expect(answer.errors.map((e) => e.extensions?.code)).toEqual([code]);
    if (status) expect(answer.status).toBe(status);
    expect(answer.status).toBeLessThan(500);
  }

  describe('parameters that are not JSON', () => {
    it('GET with `variables` that are not JSON → 400 BAD_REQUEST', async () => {
      expectCoded(await get({ query: '{ plans { id } }', variables: 'notjson' }), 'BAD_REQUEST', 400);
    });

    it('GET with `extensions` that are not JSON → 400 BAD_REQUEST', async () => {
      expectCoded(await get({ query: '{ plans { id } }', extensions: '{"a":' }), 'BAD_REQUEST', 400);
    });

    it('a form POST with `variables` that are not JSON → 400 BAD_REQUEST', async () => {
      const answer = await send({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: '{ plans { id } }', variables: '[1,' }).toString(),
      });

      expectCoded(answer, 'BAD_REQUEST', 400);
    });

    it('a POST body that is not JSON → 400 BAD_REQUEST, without quoting the body back', async () => {
      const answer = await post(`{"query": "${'secret '.repeat(50)}`);

      expectCoded(answer, 'BAD_REQUEST', 400);
      expect(answer.text).not.toContain('secret');
    });
  });

  describe('deep nesting is refused before it can overflow a stack', () => {
    it('a list literal 9,000 deep → nesting limit, not INTERNAL_SERVER_ERROR', async () => {
      const query = `{ plan(id: ${'['.repeat(9_000)}"x"${']'.repeat(9_000)}) { id } }`;

      const answer = await post(JSON.stringify({ query }));

      expectCoded(answer, LIMIT_ERROR_CODE);
      expect(answer.errors[0]?.extensions?.limit).toBe('nesting');
    });

    it('JSON variables 100,000 deep → refused, and nothing changes', async () => {
      const before = await snapshot(api.store);
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

      const answer = await post(
        `{"query":"mutation($d: JSON!) { importPlan(document: $d) { id } }","variables":{"d":${deep}}}`,
      );

      expectCoded(answer, LIMIT_ERROR_CODE);
      expect(answer.errors[0]?.extensions?.limit).toBe('variablesDepth');
      expect(await snapshot(api.store)).toEqual(before);
    });

    it('input objects nested past the limit in variables → refused', async () => {
      let nested: unknown = 1;
      for (let i = 0; i < QUERY_LIMITS.authenticated.variablesDepth + 1; i++) nested = [nested];

      const answer = await post(
        JSON.stringify({
          query: REPORT,
          variables: { i: { taskId: 'yanhu-2020:1', percentComplete: 1, indicatorValues: nested } },
        }),
      );

      expect(answer.errors[0]?.extensions?.limit).toBe('variablesDepth');
    });

    it('brackets inside strings and comments do not count', async () => {
      const query = `# ${'['.repeat(100)}\n{ plan(id: "${'{'.repeat(100)}") { id } unit(id: """${'('.repeat(100)}""") { id } }`;

      const answer = await post(JSON.stringify({ query }));

      expect(answer.errors).toEqual([]);
      expect(JSON.parse(answer.text).data).toEqual({ plan: null, unit: null });
    });

    it('a plan document is well within the variables limit', () => {
      const depth = (v: unknown): number =>
        v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;

      expect(depth(YANHU_PLAN) * 2).toBeLessThanOrEqual(QUERY_LIMITS.authenticated.variablesDepth);
    });
  });

  describe('errors never echo unbounded input', () => {
    it('a 500 KB indicator id is refused by its length limit, without echoing it', async () => {
      // Indicator ids have a documented maximum length now, so the value is refused before any message
      // could quote it; the echo-cutting itself is checked on a GraphQL coercion error just below.
      const indicatorId = 'z'.repeat(500_000);

      const answer = await post(
        JSON.stringify({
          query: REPORT,
          variables: {
            i: { taskId: 'yanhu-2020:1', percentComplete: 1, indicatorValues: [{ indicatorId, value: 1 }] },
          },
        }),
      );

      expectCoded(answer, 'BAD_USER_INPUT');
      expect(answer.text.length).toBeLessThan(5_000);
      const [error] = answer.errors;
      expect(error?.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(error?.message).not.toContain('zzzzzzzzzz');
      expect(error?.extensions?.field).toBe('input.indicatorValues.0.indicatorId');
      const problems = error?.extensions?.problems as { message: string }[];
      expect(problems[0]?.message.length).toBeLessThanOrEqual(MAX_ECHOED_VALUE_LENGTH);
    });

    it('a 500 KB value quoted by a GraphQL coercion error is cut, and the error stays small', async () => {
      const answer = await post(
        JSON.stringify({
          query: REPORT,
          variables: { i: { taskId: 'yanhu-2020:1', percentComplete: 'z'.repeat(500_000) } },
        }),
      );

      expectCoded(answer, 'BAD_USER_INPUT');
      expect(answer.text.length).toBeLessThan(5_000);
      const [error] = answer.errors;
      expect(error?.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(error?.message).toMatch(/…/);
    });

    it('a 5 MB indicator id is refused by the body limit: 413, not a 10 MB echo', async () => {
      const answer = await post(
        JSON.stringify({
          query: REPORT,
          variables: {
            i: {
              taskId: 'yanhu-2020:1',
              percentComplete: 1,
              indicatorValues: [{ indicatorId: 'z'.repeat(5e6), value: 1 }],
            },
          },
        }),
      );

      expectCoded(answer, 'REQUEST_ENTITY_TOO_LARGE', 413);
      expect(answer.text.length).toBeLessThan(1_000);
    });

    it('a variable of the wrong type quoting 500 KB is cut', async () => {
      const answer = await post(
        JSON.stringify({
          query: REPORT,
          variables: { i: { taskId: 'yanhu-2020:1', percentComplete: 'x'.repeat(500_000) } },
        }),
      );

      expectCoded(answer, 'BAD_USER_INPUT');
      expect(answer.text.length).toBeLessThan(5_000);
    });

    it('a 100 KB task id gets a small coded answer', async () => {
      const answer = await post(
        JSON.stringify({
          query: REPORT,
          variables: { i: { taskId: 'x'.repeat(100_000), percentComplete: 1 } },
        }),
      );

      expectCoded(answer, 'BAD_USER_INPUT');
      expect(answer.text.length).toBeLessThan(2_000);
    });

    it(`a document with 300 bad tasks lists at most ${MAX_PROBLEMS} problems, and counts them all`, async () => {
      const document = structuredClone(YANHU_PLAN) as unknown as PlanDocumentInput;
      document.id = 'yanhu-2021';
      const template = document.tasks[0]!;
      document.tasks = Array.from({ length: 300 }, (_, i) => ({
        ...structuredClone(template),
        number: String(i + 1),
        assignments: [{ role: 'LEAD' as const, unitId: `no-such-unit-${i}` }],
      }));

      const answer = await post(
        JSON.stringify({
          query: 'mutation($d: JSON!) { importPlan(document: $d) { id } }',
          variables: { d: document },
        }),
      );

      expectCoded(answer, 'BAD_USER_INPUT');
      const extensions = answer.errors[0]?.extensions ?? {};
      expect((extensions.problems as unknown[]).length).toBe(MAX_PROBLEMS);
      expect(extensions.problemCount).toBe(300);
    });
  });
});
