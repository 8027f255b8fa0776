/**
 * A corpus of malformed requests generated from the schema itself, so that every query and mutation —
 * those added later included — is tried: for each root field, one base request (its required arguments
 * with plausible values and ids that name nothing) and variants that break exactly one thing in it
 * (a wrong type, a null, a string over its maximum, an unknown enum value, an id of a wrong shape, a
 * number out of range, a deep or huge list, an unknown input field), plus malformations of the HTTP
 * request itself (`malformed-http.ts`). Every variant is malformed — or, for a query, at a limit — so
 * none may change anything.
 */
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { type CorpusCase, httpCases, JSON_HEADERS } from './malformed-http.ts';

export type { CorpusCase };

interface Slot {
  /** Where the value sits, from the argument: `input.indicatorValues.0.indicatorId`. */
  path: (string | number)[];
  type: GraphQLInputType;
  /** The field or argument, for its name and declared maximum. */
  def: GraphQLArgument | GraphQLInputField;
  /** `Input.field`, or `Type.field(arg)`. */
  coordinate: string;
}

const TYPE_DEPTH = 4;
/** Longer than any list the domain takes (at most a few hundred items). */
const HUGE_LIST = 1_000;
/**
 * Ids that name another entity only by reference, which need not exist: a case or an enterprise file
 * may name an outfall the register does not hold (yet). An unknown id of the right shape is input, not
 * malformed, there.
 */
const FREE_REFERENCES = new Set(['CaseOutfallInput.id']);
const SIZES = [2_048, 100_000, 1_000_000];
const FIVE_MB = 5_000_000;

function scalarBase(name: string, slotName: string): unknown {
  switch (name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return false;
    case 'DateTime':
      return '2020-04-10T09:00:00+08:00';
    case 'JSON':
      return {};
    case 'ID':
      return 'corpus-missing';
    default:
      return /id$/i.test(slotName) ? 'corpus-missing' : 'corpus';
  }
}

/** A plausible value of a type: required input fields only, one item per list. */
export function baseValue(type: GraphQLInputType, name: string, depth = 0): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [baseValue(nullable.ofType, name, depth)];
  if (isEnumType(nullable)) return nullable.getValues()[0]?.value;
  if (isInputObjectType(nullable)) {
    if (depth > TYPE_DEPTH) return {};
    const fields = Object.values(nullable.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return Object.fromEntries(fields.map((f) => [f.name, baseValue(f.type, f.name, depth + 1)]));
  }
  return scalarBase(nullable.name, name);
}

/** Every position a value can take under an argument: the argument, each input field, a list's item. */
function slotsOf(
  def: GraphQLArgument | GraphQLInputField,
  coordinate: string,
  path: (string | number)[],
  depth: number,
): Slot[] {
  const slots: Slot[] = [{ path, type: def.type, def, coordinate }];
  let inner = getNullableType(def.type);
  const itemPath = [...path];
  while (isListType(inner)) {
    itemPath.push(0);
    inner = getNullableType(inner.ofType);
  }
  if (isInputObjectType(inner) && depth < TYPE_DEPTH) {
    for (const field of Object.values(inner.getFields())) {
      slots.push(...slotsOf(field, `${inner.name}.${field.name}`, [...itemPath, field.name], depth + 1));
    }
  }
  return slots;
}

/** The base arguments with the value at `path` replaced (or removed, for `undefined`). */
function withValue(base: Record<string, unknown>, path: (string | number)[], value: unknown) {
  const copy = structuredClone(base);
  let parent: Record<string | number, unknown> = copy;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      if (value === undefined) delete parent[key];
      else parent[key] = value;
      break;
    }
    let next = parent[key] as Record<string | number, unknown> | undefined;
    if (next === undefined || next === null) {
      next = typeof path[i + 1] === 'number' ? ([] as never) : {};
      parent[key] = next;
    }
    parent = next;
  }
  return copy;
}

const isIdLike = (slot: Slot) => getNamedType(slot.type).name === 'ID' || /(^id|Id|Ids)$/.test(slot.def.name);

/** Ids of every wrong shape, given the slot's maximum. */
function badIds(max: number, slot: Slot): [string, string][] {
  const unknown: [string, string][] = FREE_REFERENCES.has(slot.coordinate)
    ? []
    : [[`an unknown id at its maximum (${max})`, 'x'.repeat(max)]];
  const otherType = /unit/i.test(slot.def.name) ? 'Task:yanhu-2020:1' : 'Unit:yanhu-housing';
  return [
    ['empty id', ''],
    ['id with "#"', 'yanhu-2020#1'],
    ['id of only "#"', '#'],
    ['global id of another type', otherType],
    ['global id of an unknown type', 'Nothing:yanhu-2020'],
    ['id with control characters', 'yanhu\u0000\u0007\n\t2020'],
    ['id of spaces', '   '],
    ['id with a lone surrogate', 'yanhu\ud800-2020'],
    [`id at its maximum (${max}) in 3-byte characters`, '水'.repeat(max)],
    [`id at its maximum (${max}) in emoji`, '🌊'.repeat(Math.floor(max / 2))],
    ...unknown,
    ['global id at its maximum in 3-byte characters', `Task:${'水'.repeat(Math.max(0, max - 5))}`],
  ];
}

/** The malformed values of one slot: wrong types, nulls, lengths, shapes, ranges. */
function variantsOf(
  slot: Slot,
  first: { text: boolean; id: boolean },
  kind: 'query' | 'mutation',
): [string, unknown][] {
  const variants: [string, unknown][] = [];
  const nullable = getNullableType(slot.type);
  const max = slot.def.extensions.maxLength as number | undefined;
  if (isNonNullType(slot.type)) variants.push(['null for a required value', null]);
  if (isListType(nullable)) {
    const item = baseValue(nullable.ofType, slot.def.name);
    variants.push(['a list nested 6 deep', [[[[[[item]]]]]]]);
    variants.push([`a list of ${HUGE_LIST}`, Array.from({ length: HUGE_LIST }, () => item)]);
    variants.push(['an object for a list', { corpus: 1 }]);
    return variants;
  }
  if (isInputObjectType(nullable)) {
    const base = baseValue(nullable, slot.def.name) as object;
    variants.push(['an unknown input field', { ...base, corpusUnknown: 1 }]);
    variants.push(['a string for an input object', 'corpus']);
    variants.push(['a list for an input object', [base]]);
    return variants;
  }
  if (isEnumType(nullable)) {
    const value = nullable.getValues()[0]?.value as string;
    variants.push(
      ['an unknown enum value', 'NOT_A_VALUE'],
      ['an enum value in lower case', value.toLowerCase()],
    );
    variants.push(
      ['a number for an enum', 1],
      [`an enum value of ${'X'.repeat(2_048).length}`, 'X'.repeat(2_048)],
    );
    return variants;
  }
  switch (nullable.name) {
    case 'Int':
      return [
        ...variants,
        ['a NaN-like string for an Int', 'NaN'],
        ['a numeric string for an Int', '12abc'],
        ['2^31 for an Int', 2 ** 31],
        ['-2^31-1 for an Int', -(2 ** 31) - 1],
        ['1e21 for an Int', 1e21],
        ['a float for an Int', 1.5],
        ['a boolean for an Int', true],
        ['the largest Int', 2 ** 31 - 1],
        ['-1 for an Int', -1],
      ];
    case 'Float':
      return [
        ...variants,
        ['a NaN-like string for a Float', 'NaN'],
        ['"1e400" for a Float', '1e400'],
        ['an object for a Float', { value: 1 }],
        ['the largest double', Number.MAX_VALUE],
        ['the most negative double', -Number.MAX_VALUE],
      ];
    case 'Boolean':
      return [...variants, ['a string for a Boolean', 'true'], ['a number for a Boolean', 1]];
    case 'DateTime':
      return [
        ...variants,
        ['a date that is no instant', 'not-a-date'],
        ['an instant out of range', '2020-13-45T99:99:99+08:00'],
        ['an instant without offset', '2020-04-10T09:00:00'],
        ['a 100 KB instant', `2020-04-10T09:00:00${'0'.repeat(100_000)}+08:00`],
        ['a number for an instant', 1_586_480_400_000],
      ];
    case 'JSON':
      return [...variants, ['JSON over its maximum', { text: 'x'.repeat((max ?? 0) + 1) }]];
  }
  // String and ID: GraphQL refuses the wrong types alike in every slot, so the first slot tries them.
  if (first.text) {
    variants.push(['an object for a string', { corpus: 1 }], ['a list of lists for a string', [['x']]]);
  }
  if (max !== undefined) {
    variants.push([`a string of max + 1 (${max + 1})`, 'x'.repeat(max + 1)]);
    for (const size of SIZES) {
      if (size <= max + 1 || (size > SIZES[0]! && !first.text)) continue;
      variants.push([`a string of ${size}`, 'x'.repeat(size)]);
    }
  }
  first.text = false;
  // A text at its maximum is valid input to a mutation, but a query may put a filter into a key: at three
  // bytes a character it must still fit DynamoDB's key limits (2,048 bytes, 1,024 for a sort key).
  if (kind === 'query' && !isIdLike(slot) && max !== undefined && max <= 10_000) {
    variants.push([`a text at its maximum (${max}) in 3-byte characters`, '水'.repeat(max)]);
  }
  if (isIdLike(slot) && max !== undefined) {
    variants.push(...badIds(max, slot));
    if (first.id) {
      first.id = false;
      variants.push(['a 5 MB id', 'x'.repeat(FIVE_MB)]);
    }
  }
  return variants;
}

function operationOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  if (field.args.length === 0) return `${kind} { ${field.name}${selection} }`;
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind}(${vars}) { ${field.name}(${args})${selection} }`;
}

const post = (name: string, payload: unknown): CorpusCase => ({
  name,
  method: 'POST',
  search: '',
  headers: JSON_HEADERS,
  body: JSON.stringify(payload),
});

/** The variants of one root field. */
function fieldCases(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): CorpusCase[] {
  const name = `${kind === 'query' ? 'Query' : 'Mutation'}.${field.name}`;
  const query = operationOf(kind, field);
  const base: Record<string, unknown> = {};
  for (const arg of field.args) {
    if (isNonNullType(arg.type) && arg.defaultValue === undefined)
      base[arg.name] = baseValue(arg.type, arg.name);
  }
  const cases: CorpusCase[] = [];
  const first = { text: true, id: true };
  for (const arg of field.args) {
    for (const slot of slotsOf(arg, `${name}(${arg.name})`, [arg.name], 0)) {
      for (const [what, value] of variantsOf(slot, first, kind)) {
        cases.push(
          post(`${name} ${slot.path.join('.')}: ${what}`, {
            query,
            variables: withValue(base, slot.path, value),
          }),
        );
      }
    }
  }
  const selection = query.includes('{ __typename }') ? ' { __typename }' : '';
  cases.push(
    post(`${name}: an unknown argument`, {
      query: `${kind} { ${field.name}(corpusUnknown: 1)${selection} }`,
    }),
  );
  cases.push(post(`${name}: no arguments`, { query: `${kind} { ${field.name}${selection} }` }));
  cases.push(post(`${name}: variables missing`, { query }));
  const literalArg = field.args.find((a) => ['String', 'ID'].includes(getNamedType(a.type).name));
  if (literalArg) {
    const max = literalArg.extensions.maxLength as number;
    const literal = `${kind} { ${field.name}(${literalArg.name}: "${'x'.repeat(Math.min(max + 1, 4_000))}")${selection} }`;
    cases.push(post(`${name}(${literalArg.name}): an inline literal over its maximum`, { query: literal }));
  }
  if (kind === 'mutation') {
    cases.push({
      name: `${name}: a mutation sent by GET`,
      method: 'GET',
      search: `?${new URLSearchParams({ query, variables: JSON.stringify(base) })}`,
      headers: {},
    });
  }
  return cases;
}

/** The whole corpus for a schema. */
export function malformedCorpus(schema: GraphQLSchema): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) cases.push(...fieldCases(kind, field));
  }
  return [...cases, ...httpCases()];
}
