/**
 * A corpus of malformed requests generated from the schema (issue 6, item 7; test/support/malformed-corpus.ts),
 * sent by an anonymous caller, a supervisor, a unit officer and an enforcement officer to the server with the Yanhu plan
 * loaded: none answers INTERNAL_SERVER_ERROR or a 5xx, every error has a code and a bounded message,
 * and the table is the same afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ECHOED_VALUE_LENGTH, MAX_MESSAGE_LENGTH, MAX_PROBLEMS } from '../../graphql/errors.ts';
import { schema } from '../../graphql/schema.ts';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { type CorpusCase, malformedCorpus } from '../support/malformed-corpus.ts';

/** A bounded error: its message, every string of its extensions, at most MAX_PROBLEMS problems. */
const MAX_ERROR_JSON = MAX_MESSAGE_LENGTH + (MAX_PROBLEMS + 10) * 2 * MAX_ECHOED_VALUE_LENGTH;
const CONCURRENCY = 8;

interface Outcome {
  name: string;
  status: number;
  codes: string[];
  problem?: string;
}

/** What is wrong with one answer, if anything. */
function problemOf(status: number, text: string): string | undefined {
  if (status >= 500) return `HTTP ${status}: ${text.slice(0, 300)}`;
  let body: { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON (HTTP ${status}): ${text.slice(0, 300)}`;
  }
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    const shown = JSON.stringify(error).slice(0, 300);
    if (typeof code !== 'string') return `an error without a code: ${shown}`;
    if (code === 'INTERNAL_SERVER_ERROR') return `INTERNAL_SERVER_ERROR: ${shown}`;
    if (typeof error.message !== 'string' || error.message.length > MAX_MESSAGE_LENGTH)
      return `a message over ${MAX_MESSAGE_LENGTH} characters: ${shown}`;
    if (JSON.stringify(error).length > MAX_ERROR_JSON) return `an error over ${MAX_ERROR_JSON} characters`;
  }
  if (status >= 400 && !body.errors?.length) return `HTTP ${status} without errors`;
  return undefined;
}

async function runAll<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await run(items[i] as T);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

describe('A corpus of malformed requests', () => {
  const corpus = malformedCorpus(schema);
  let api: TestApi;
  const tokens: Record<string, string | undefined> = { anonymous: undefined };

  beforeAll(async () => {
    api = await createTestApi({ label: 'malformed-corpus' });
    tokens.supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    tokens['unit officer'] = await api.token('UNIT_OFFICER', 'yanhu-housing');
    // The cases and the 12369 desk refuse everyone else before reading their input.
    tokens['enforcement officer'] = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
  });

  async function send(request: CorpusCase, token: string | undefined): Promise<Outcome> {
    const headers = { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const response = await api.request(
      { method: request.method, headers, ...(request.body === undefined ? {} : { body: request.body }) },
      request.search,
    );
    const text = await response.text();
    const codes = (() => {
      try {
        return (JSON.parse(text).errors ?? []).map(
          (e: { extensions?: { code?: string } }) => e.extensions?.code,
        );
      } catch {
        return [];
      }
    })();
    return { name: request.name, status: response.status, codes, problem: problemOf(response.status, text) };
  }

  it('has at least 700 requests, covering every query and mutation', () => {
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      Object.keys(type?.getFields() ?? {}),
    );
    const covered = new Set(corpus.map((c) => /^(?:Query|Mutation)\.(\w+)/.exec(c.name)?.[1]));

    expect(corpus.length).toBeGreaterThanOrEqual(700);
    expect(fields.filter((field) => !covered.has(field))).toEqual([]);
  });

  it.each(['anonymous', 'supervisor', 'unit officer', 'enforcement officer'])(
    'as %s: no 5xx, no INTERNAL_SERVER_ERROR, every error coded and bounded, nothing changed',
    async (caller) => {
      const before = await snapshot(api.store);

      const outcomes = await runAll(corpus, (request) => send(request, tokens[caller]));

      const failures = outcomes.filter((o) => o.problem).map((o) => `${o.name} → ${o.problem}`);
      expect(failures).toEqual([]);
      // Every variant is malformed: no mutation may run without an error.
      const unrefused = outcomes
        .filter((o) => o.name.startsWith('Mutation.') && o.codes.length === 0)
        .map((o) => `${o.name} (HTTP ${o.status})`);
      expect(unrefused).toEqual([]);
      expect(await snapshot(api.store)).toEqual(before);
    },
    120_000,
  );
});
