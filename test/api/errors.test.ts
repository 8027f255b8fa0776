/**
 * Specification of errors as clients see them (DESIGN.md, errors and bad input): every error carries
 * `extensions.code`; bad input names its field; unknown ids are NOT_FOUND; invalid queries fail
 * validation; anything unexpected is masked; and a rejected request changes nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../graphql/yoga.ts';
import { devVerifier, signDevToken } from '../../services/local/dev-issuer.ts';
import type { PlanDocumentInput } from '../../services/plan/model.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { createStore } from '../../services/shared/store/client.ts';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type GraphqlResponse, type TestApi, YANHU_PLAN } from '../support/api.ts';
import { dynamoEndpoint } from '../support/store.ts';

const REPORT =
  'mutation Report($input: ReportProgressInput!) { reportProgress(input: $input) { id version } }';
const COMPLETE =
  'mutation Complete($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { id } }';
const REOPEN = 'mutation Reopen($input: ReopenMilestoneInput!) { reopenMilestone(input: $input) { id } }';
const RESCHEDULE =
  'mutation Reschedule($input: RescheduleMilestoneInput!) { rescheduleMilestone(input: $input) { id } }';
const IMPORT = 'mutation Import($document: JSON!) { importPlan(document: $document) { id } }';

type Response = GraphqlResponse<Record<string, unknown>>;

/** The single error of a response, after checking that every error carries a code. */
function onlyError(response: Response) {
  for (const error of response.errors ?? []) {
    expect(error.extensions?.code, `code of "${error.message}"`).toEqual(expect.any(String));
  }
  expect(response.errors, JSON.stringify(response.errors)).toHaveLength(1);
  return response.errors![0]!;
}

describe('Client-facing errors', () => {
  let api: TestApi;
  let supervisor: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'errors' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
  });

  describe('BAD_USER_INPUT names the offending field', () => {
    it.each([
      { name: 'a percentage above 100', input: { percentComplete: 150 }, field: 'input.percentComplete' },
      { name: 'a negative percentage', input: { percentComplete: -1 }, field: 'input.percentComplete' },
      {
        name: 'an indicator the task does not have',
        input: {
          percentComplete: 10,
          indicatorValues: [
            { indicatorId: 'combined-sewer-rebuild', value: 45 },
            { indicatorId: 'ecological-flow', value: 2 },
          ],
        },
        field: 'input.indicatorValues.1.indicatorId',
      },
      {
        name: 'a note over 2000 characters',
        input: { percentComplete: 10, note: '水'.repeat(2001) },
        field: 'input.note',
      },
    ])('$name → $field, and nothing changes', async ({ input, field }) => {
      const before = await snapshot(api.store);

      const response = await api.gql(REPORT, { input: { taskId: 'yanhu-2020:1', ...input } }, supervisor);

      const error = onlyError(response);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe(field);
      expect(error.extensions?.problems).toEqual([{ field, message: expect.any(String) }]);
      expect(response.data).toBeNull();
      expect(await snapshot(api.store)).toEqual(before);
    });

    it('a variable of the wrong type → 400 BAD_USER_INPUT on the variable path', async () => {
      const response = await api.gql(
        REPORT,
        { input: { taskId: 'yanhu-2020:1', percentComplete: 'half' } },
        supervisor,
      );

      const error = onlyError(response);
      expect(response.status).toBe(400);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe('input.percentComplete');
    });

    it('a required input field left out → BAD_USER_INPUT on the variable', async () => {
      const response = await api.gql(REPORT, { input: { percentComplete: 10 } }, supervisor);

      const error = onlyError(response);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe('input');
    });

    it('a DateTime variable without a time and offset → BAD_USER_INPUT on input.dueAt', async () => {
      const response = await api.gql(
        RESCHEDULE,
        { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp', dueAt: '2020-06-30', reason: '延期' } },
        supervisor,
      );

      const error = onlyError(response);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe('input.dueAt');
    });
  });

  describe('NOT_FOUND for ids that do not exist', () => {
    it.each([
      {
        name: 'reportProgress on an unknown task',
        query: REPORT,
        input: { taskId: 'yanhu-2020:99', percentComplete: 10 },
      },
      {
        name: 'reportProgress on a task id of no shape',
        query: REPORT,
        input: { taskId: 'garbage', percentComplete: 10 },
      },
      {
        name: 'completeMilestone of an unknown milestone',
        query: COMPLETE,
        input: { milestoneId: 'yanhu-2020:6:nope' },
      },
      {
        name: 'completeMilestone of a milestone id of no shape',
        query: COMPLETE,
        input: { milestoneId: 'garbage' },
      },
      {
        name: 'reopenMilestone of an unknown task',
        query: REOPEN,
        input: { milestoneId: 'yanhu-2020:99:annual', reason: '复查' },
      },
      {
        name: 'rescheduleMilestone in an unknown plan',
        query: RESCHEDULE,
        input: {
          milestoneId: 'yanhu-2019:6:hitech-wwtp',
          dueAt: '2020-06-30T23:59:59+08:00',
          reason: '延期',
        },
      },
    ])('$name', async ({ query, input }) => {
      const response = await api.gql(query, { input }, supervisor);

      expect(onlyError(response).extensions?.code).toBe('NOT_FOUND');
      expect(response.data).toBeNull();
    });
  });

  describe('GRAPHQL_VALIDATION_FAILED for queries the schema does not allow', () => {
    it.each([
      { name: 'an unknown field', query: '{ plans { id budget } }' },
      { name: 'an unknown argument', query: '{ plan(id: "yanhu-2020", year: 2020) { id } }' },
      { name: 'a missing required argument', query: '{ plan { id } }' },
      {
        name: 'a DateTime literal that is not an instant',
        query: '{ plan(id: "yanhu-2020") { tasks(filter: { dueFrom: "yesterday" }) { totalCount } } }',
      },
    ])('$name', async ({ query }) => {
      const response = await api.gql(query, {}, supervisor);

      expect(onlyError(response).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      // GraphQL over HTTP: a client that accepts only application/json gets 200 for a request error.
      expect(response.status).toBe(200);
      expect(response.data).toBeUndefined();
    });

    it('a query that does not parse carries a code too', async () => {
      const response = await api.gql('{ plans { id }', {}, supervisor);

      expect(onlyError(response).extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });
  });

  describe('importPlan with an invalid document', () => {
    it('is BAD_USER_INPUT listing every bad path in `problems`, and writes nothing', async () => {
      const document = structuredClone(YANHU_PLAN) as unknown as PlanDocumentInput;
      document.id = 'yanhu-2021';
      document.tasks[0]!.assignments[0]!.unitId = 'no-such-unit';
      document.tasks[3]!.number = document.tasks[2]!.number;
      document.tasks[10]!.parentNumber = '99';
      const before = await snapshot(api.store);

      const response = await api.gql(IMPORT, { document }, supervisor);

      const error = onlyError(response);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(((error.extensions?.problems ?? []) as { field: string }[]).map((p) => p.field)).toEqual([
        'document.tasks.0.assignments.0.unitId',
        'document.tasks.3.number',
        'document.tasks.10.parentNumber',
      ]);
      expect(error.extensions?.field).toBe('document.tasks.0.assignments.0.unitId');
      expect(await snapshot(api.store)).toEqual(before);
    });

    it('is BAD_USER_INPUT for a document that is not an object at all', async () => {
      const response = await api.gql(IMPORT, { document: 'yanhu-2020.json' }, supervisor);

      const error = onlyError(response);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe('document');
    });
  });
});

describe('Unexpected errors', () => {
  it('are masked: "Unexpected error.", INTERNAL_SERVER_ERROR, no stack trace, logged with the cause', async () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-errors-keys-'));
    const logged: { message: string; error: unknown }[] = [];
    const yoga = createServer({
      store: createStore({ tableName: 'missing-table', endpoint: dynamoEndpoint() }),
      clock: new FixedClock(new Date('2020-04-10T09:00:00+08:00')),
      verifier: await devVerifier(keysDir),
      log: (message, error) => logged.push({ message, error }),
    });
    const token = await signDevToken(keysDir, { roles: ['SUPERVISOR'] });

    const response = await yoga.fetch('http://clearwater.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ plans { id } }' }),
    });
    const text = await response.text();

    expect(JSON.parse(text).errors).toEqual([
      { message: 'Unexpected error.', path: ['plans'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    expect(text).not.toMatch(/stack|ResourceNotFound|missing-table|\.ts:\d+/);
    expect(logged).toHaveLength(1);
    expect(String(logged[0]?.error)).toMatch(/ResourceNotFound|non-existent table/i);
  });
});
