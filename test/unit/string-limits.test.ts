/**
 * Every String, ID and JSON argument and input field has a maximum length that the printed schema
 * states and the server enforces (issue 6, item 7): the schema is walked field by field, so a new
 * argument without a stated maximum fails here; the check itself is driven on the real schema.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type ExecutionArgs,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isObjectType,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../graphql/schema.ts';
import { DEFAULT_MAX_LENGTH, isLimitedScalar, MAX_LENGTHS } from '../../graphql/string-limits.ts';
import { lengthProblems } from '../../graphql/string-limits-check.ts';
import { statedMaximum } from '../../graphql/string-limits-schema.ts';

/** Every String, ID and JSON argument (`Type.field(arg)`) and input field (`Input.field`) of a schema. */
function limitedFields(of: GraphQLSchema): Map<string, GraphQLArgument | GraphQLInputField> {
  const fields = new Map<string, GraphQLArgument | GraphQLInputField>();
  for (const type of Object.values(of.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const add = (coordinate: string, field: GraphQLArgument | GraphQLInputField) => {
      if (isLimitedScalar(getNamedType(field.type).name)) fields.set(coordinate, field);
    };
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        for (const arg of field.args) add(`${type.name}.${field.name}(${arg.name})`, arg);
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) add(`${type.name}.${field.name}`, field);
    }
  }
  return fields;
}

const printed = limitedFields(buildSchema(readFileSync('graphql/schema.graphql', 'utf8')));
const live = limitedFields(schema);

function problemsOf(query: string, variables?: Record<string, unknown>) {
  return lengthProblems({ schema, document: parse(query), variableValues: variables } as ExecutionArgs);
}

describe('String limits in the schema', () => {
  it('walks every String, ID and JSON argument and input field', () => {
    expect(printed.size).toBe(live.size);
    expect(printed.size).toBeGreaterThan(200);
  });

  it.each([...printed.keys()])('%s states its maximum, the one the server enforces', (coordinate) => {
    const stated = statedMaximum(printed.get(coordinate)?.description);
    const enforced = live.get(coordinate)?.extensions.maxLength;

    expect(stated, 'its description says "at most N characters"').toBeTypeOf('number');
    expect(enforced).toBe(stated);
  });

  it('declares no maximum for a field the schema does not have', () => {
    const unknown = Object.keys(MAX_LENGTHS).filter((coordinate) => !live.has(coordinate));

    expect(unknown).toEqual([]);
  });

  it('gives ids, cursors and short texts their documented defaults', () => {
    expect(live.get('Query.task(id)')?.extensions.maxLength).toBe(DEFAULT_MAX_LENGTH.id);
    expect(live.get('Query.events(after)')?.extensions.maxLength).toBe(DEFAULT_MAX_LENGTH.cursor);
    expect(live.get('IntakeComplaintInput.location')?.extensions.maxLength).toBe(300);
    expect(live.get('Mutation.importPlan(document)')?.extensions.maxLength).toBe(1_000_000);
  });
});

describe('The length check', () => {
  const REPORT = 'mutation($i: ReportProgressInput!) { reportProgress(input: $i) { id } }';
  const input = (note: string, indicatorId = 'x') => ({
    taskId: 'yanhu-2020:1',
    percentComplete: 1,
    note,
    indicatorValues: [
      { indicatorId: 'ok', value: 1 },
      { indicatorId, value: 2 },
    ],
  });

  it('accepts a value at its maximum', () => {
    expect(problemsOf(REPORT, { i: input('n'.repeat(2_000), 'i'.repeat(200)) })).toEqual([]);
  });

  it('refuses a value one character over, naming its path, in variables at any depth', () => {
    expect(problemsOf(REPORT, { i: input('n'.repeat(2_001), 'i'.repeat(201)) })).toEqual([
      { field: 'input.indicatorValues.1.indicatorId', message: 'must be at most 200 characters' },
      { field: 'input.note', message: 'must be at most 2000 characters' },
    ]);
  });

  it('refuses a literal, in a fragment and in a list of ids', () => {
    const long = 'i'.repeat(201);

    const problems = problemsOf(
      `query { ...f nodes(ids: ["a", "${long}"]) { id } }
       fragment f on Query { task(id: "${long}") { id } }`,
    );

    expect(problems.map((p) => p.field).sort()).toEqual(['id', 'ids.1']);
  });

  it('counts a JSON value as JSON text', () => {
    const query = 'mutation($d: JSON!) { importPlan(document: $d) { id } }';

    expect(problemsOf(query, { d: { text: 'x'.repeat(999_980) } })).toEqual([]);
    expect(problemsOf(query, { d: { text: 'x'.repeat(1_000_000) } })).toEqual([
      { field: 'document', message: 'must be at most 1000000 characters' },
    ]);
  });

  it('checks only the operation that runs', () => {
    const document = `query A { task(id: "${'i'.repeat(201)}") { id } } query B { task(id: "ok") { id } }`;

    expect(
      lengthProblems({ schema, document: parse(document), operationName: 'B' } as ExecutionArgs),
    ).toEqual([]);
  });
});
