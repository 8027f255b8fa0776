/**
 * Specification of the query limits (issue 6, item 1): a hostile document is refused before it runs —
 * the biggest in milliseconds — with a coded error naming the limit, and changes nothing; anonymous callers
 * get tighter limits than authenticated ones; every real client query (the README's, GraphiQL's
 * introspection, the dashboard's) fits; a request body is capped above what a real mutation needs.
 */
import { readFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_ERROR_CODE, QUERY_LIMITS, REQUEST_BODY_MAX_BYTES } from '../../graphql/limits.ts';
import { DASHBOARD_QUERY } from '../bench/fixtures.ts';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type GraphqlResponse, type TestApi, YANHU_PLAN } from '../support/api.ts';

const { anonymous, authenticated } = QUERY_LIMITS;

/** `{ a0: __typename a1: __typename … }` */
const aliases = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;

/** `unit { members { groups { members … } } }`, `depth` fields deep. */
function unitGraph(depth: number): string {
  let selection = 'id';
  for (let level = depth - 1; level > 1; level--)
    selection = `${level % 2 ? 'groups' : 'members'} { id ${selection} }`;
  return `{ unit(id: "yanhu-townships") { ${selection} } }`;
}

function limitOf(response: GraphqlResponse): unknown {
  expect(response.errors, JSON.stringify(response.errors)).toHaveLength(1);
  expect(response.errors?.[0]?.extensions?.code).toBe(LIMIT_ERROR_CODE);
  expect(response.data ?? undefined).toBeUndefined();
  return response.errors?.[0]?.extensions?.limit;
}

describe('Query limits', () => {
  let api: TestApi;
  let supervisor: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'query-limits' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
  });

  /** Sends a document and checks it was refused before anything was read from the store. */
  async function refused(query: string, token?: string, variables: Record<string, unknown> = {}) {
    const requests = api.store.stats.requests;
    const response = await api.gql(query, variables, token);
    expect(api.store.stats.requests, 'a refused document reads nothing').toBe(requests);
    return response;
  }

  describe('a hostile document is refused before it runs', () => {
    it.each([
      { caller: 'anonymous', token: () => undefined },
      { caller: 'authenticated', token: () => supervisor },
    ])('200,000 aliases of __typename ($caller): a coded error in milliseconds', async ({ token }) => {
      const body = JSON.stringify({ query: aliases(200_000) });
      const started = performance.now();

      const response = await api.request({
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token() ? { authorization: `Bearer ${token()}` } : {}),
        },
        body,
      });
      const text = await response.text();
      const elapsed = performance.now() - started;

      // It used to take 1.1–1.6 s to answer with 3.5 MB of data.
      expect(elapsed).toBeLessThan(500);
      expect(response.status).toBe(413);
      expect(JSON.parse(text).errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(
        ['REQUEST_ENTITY_TOO_LARGE'],
      );
    });

    it('an alias document under the body limit but over the text limit is refused before parsing', async () => {
      const query = aliases(2_000);
      expect(query.length).toBeGreaterThan(authenticated.characters);

      expect(limitOf(await refused(query, supervisor))).toBe('characters');
    });

    it('one alias over the limit is refused, anonymous and authenticated', async () => {
      expect(limitOf(await refused(aliases(authenticated.aliases + 1), supervisor))).toBe('aliases');
      expect(limitOf(await refused(aliases(anonymous.aliases + 1)))).toBe('aliases');
    });

    it('unit { members { groups { members … } } } at depth 20 is refused', async () => {
      expect(limitOf(await refused(unitGraph(20), supervisor))).toBe('depth');
    });

    it('a huge token count is refused while parsing', async () => {
      const query = `{ __typename(n: [${'1 '.repeat(authenticated.tokens)}]) }`;
      expect(query.length).toBeLessThan(authenticated.characters);

      expect(limitOf(await refused(query, supervisor))).toBe('tokens');
    });

    it('too many directives are refused', async () => {
      const query = `{ ${'__typename @include(if: true) '.repeat(authenticated.directives + 1)} }`;

      expect(limitOf(await refused(query, supervisor))).toBe('directives');
    });

    it('a document whose cost multiplies page sizes is refused', async () => {
      const query =
        '{ plans { tasks(first: 500) { edges { node { history(first: 500) { edges { node { at } } } } } } } }';

      expect(limitOf(await refused(query, supervisor))).toBe('cost');
    });

    it('selections nested as deep as the text limit allows are refused before parsing', async () => {
      const levels = Math.floor(authenticated.characters / 5);
      const query = `${'{ a '.repeat(levels)}${'}'.repeat(levels)}`;

      expect(limitOf(await refused(query, supervisor))).toBe('nesting');
    });

    it('a refused mutation changes nothing', async () => {
      const before = await snapshot(api.store);
      const mutation = `mutation { ${Array.from(
        { length: authenticated.aliases + 1 },
        (_, i) =>
          `r${i}: reportProgress(input: { taskId: "yanhu-2020:1", percentComplete: ${i % 100} }) { id }`,
      ).join(' ')} }`;

      expect(limitOf(await refused(mutation, supervisor))).toBe('aliases');
      expect(await snapshot(api.store)).toEqual(before);
    });
  });

  describe('anonymous callers get tighter limits', () => {
    it('a document an authenticated caller may send is refused without a token', async () => {
      const query = aliases(anonymous.aliases + 1);

      const authenticatedAnswer = await api.gql(query, {}, supervisor);
      const anonymousAnswer = await refused(query);

      expect(authenticatedAnswer.errors).toBeUndefined();
      expect(limitOf(anonymousAnswer)).toBe('aliases');
    });

    it('every limit is tighter (or equal) for anonymous callers, and none is unlimited', () => {
      for (const [name, value] of Object.entries(anonymous)) {
        if (typeof value !== 'number') continue;
        expect(value, name).toBeGreaterThan(0);
        expect(value, name).toBeLessThanOrEqual(authenticated[name as keyof typeof authenticated] as number);
      }
    });

    it('field suggestions are hidden from anonymous callers only', async () => {
      const query = '{ plans { id titel } }';

      const anonymousAnswer = await api.gql(query, {});
      const authenticatedAnswer = await api.gql(query, {}, supervisor);

      expect(anonymousAnswer.errors?.[0]?.message).not.toMatch(/Did you mean|title/);
      expect(anonymousAnswer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(authenticatedAnswer.errors?.[0]?.message).toMatch(/Did you mean "title"\?/);
    });
  });

  describe('every real client query fits', () => {
    const readme = readFileSync('README.md', 'utf8');
    const readmeQueries = [
      ...[...readme.matchAll(/-d '(\{"query":.*?\})'/g)].map(
        (m) => JSON.parse(m[1] as string).query as string,
      ),
      ...[...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1] as string),
    ];
    const queries = [
      ...readmeQueries.map((query, i) => ({ name: `README query ${i + 1}`, query, variables: {} })),
      { name: 'the dashboard query', query: DASHBOARD_QUERY, variables: { id: 'yanhu-2020' } },
      {
        name: 'GraphiQL’s introspection query',
        query: getIntrospectionQuery({
          descriptions: true,
          schemaDescription: true,
          inputValueDeprecation: true,
          directiveIsRepeatable: true,
          specifiedByUrl: true,
          oneOf: true,
        }),
        variables: {},
      },
    ];

    it('the README’s table states the limits of graphql/limits.ts', () => {
      for (const [name, value] of Object.entries(anonymous)) {
        if (typeof value !== 'number') continue;
        const row = readme.split('\n').find((line) => line.includes(`(\`${name}\`)`));
        const cells = row?.split('|').map((cell) => cell.trim());
        const figure = (n: number) => n.toLocaleString('en-US');
        expect(cells?.slice(2, 4), name).toEqual([
          figure(value),
          figure(authenticated[name as keyof typeof authenticated] as number),
        ]);
      }
    });

    it('finds the README’s queries', () => {
      expect(readmeQueries.length).toBeGreaterThanOrEqual(3);
    });

    it.each(queries)('$name, with and without a token', async ({ query, variables }) => {
      for (const token of [supervisor, undefined]) {
        const response = await api.gql(query, variables, token);
        for (const error of response.errors ?? []) expect(error.extensions?.code).not.toBe(LIMIT_ERROR_CODE);
      }
    });
  });

  describe('request bodies', () => {
    it('the Yanhu plan’s importPlan request fits, with room to spare', async () => {
      const document = { ...structuredClone(YANHU_PLAN), id: 'yanhu-2020-copy' };
      const body = JSON.stringify({
        query: 'mutation($d: JSON!) { importPlan(document: $d) { id } }',
        variables: { d: document },
      });
      expect(Buffer.byteLength(body) * 20).toBeLessThan(REQUEST_BODY_MAX_BYTES);

      const response = await api.request({
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
        body,
      });

      expect(await response.json()).toEqual({ data: { importPlan: { id: 'Plan:yanhu-2020-copy' } } });
    });

    it('a larger body gets HTTP 413 with a JSON error and changes nothing', async () => {
      const before = await snapshot(api.store);
      const document = {
        ...structuredClone(YANHU_PLAN),
        id: 'yanhu-2020-huge',
        goals: ['水'.repeat(REQUEST_BODY_MAX_BYTES / 3)],
      };

      const response = await api.request({
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
        body: JSON.stringify({
          query: 'mutation($d: JSON!) { importPlan(document: $d) { id } }',
          variables: { d: document },
        }),
      });

      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toMatch(/json/);
      expect((await response.json()).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
      expect(await snapshot(api.store)).toEqual(before);
    });
  });
});
