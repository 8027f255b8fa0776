/**
 * Amazon EventBridge event-pattern matching, as documented in "Event patterns in Amazon EventBridge"
 * and "Comparison operators for use in event patterns". Pure and dependency-free, so the local runtime
 * can route events the way the deployed rules would.
 *
 * A pattern mirrors the event's shape: objects descend into the event, every named field must match
 * (AND), and each leaf is an array of alternatives (OR): scalars for exact matching, or one-key operator
 * objects. `"$or": [ {...}, {...} ]` ORs whole sub-patterns at any level.
 */

export type EventPattern = Record<string, unknown>;

type JsonObject = Record<string, unknown>;
type Leaf = string | number | boolean | null;

const OR = '$or';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLeaf = (v: unknown): v is Leaf =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));
const fold = (s: string): string => s.toLowerCase();

// ---------------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------------

export function matchesEventPattern(pattern: EventPattern, event: Record<string, unknown>): boolean {
  try {
    return matchObject(pattern, event);
  } catch {
    // Events come from other producers; a hostile getter or Proxy must not take down the dispatcher.
    return false;
  }
}

function matchObject(pattern: JsonObject, node: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === OR && Array.isArray(expected)) {
      return expected.some((branch) => isObject(branch) && matchObject(branch, node));
    }
    return matchField(expected, childOf(node, key));
  });
}

// Own properties only, so a pattern field like "constructor" never sees Object.prototype.
function childOf(node: unknown, key: string): unknown {
  return isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
}

function matchField(expected: unknown, value: unknown): boolean {
  if (Array.isArray(expected)) return matchLeaf(expected, flatten(value).filter(isLeaf));
  if (!isObject(expected)) return false;
  // Arrays in the event are "crushed out": a nested pattern matches if one element matches it as a
  // whole. With nothing to descend into we still evaluate, so `exists: false` below can succeed.
  const nodes = flatten(value);
  return nodes.length === 0 ? matchObject(expected, undefined) : nodes.some((n) => matchObject(expected, n));
}

/** Event arrays (nested to any depth) as a flat list; iterative and cycle-safe so no event can throw. */
function flatten(value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [value];
  const out: unknown[] = [];
  const seen = new Set<unknown[]>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!Array.isArray(item)) out.push(item);
    else if (!seen.has(item)) {
      seen.add(item);
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    }
  }
  return out;
}

/**
 * `leaves` are the event's scalar values at this path. `exists` is about whether there are any: an
 * object (intermediate node) or an empty array does not count as an existing leaf, null does.
 * Every other condition matches when any event value satisfies it, so a missing field matches nothing.
 */
function matchLeaf(conditions: unknown[], leaves: Leaf[]): boolean {
  return conditions.some((condition) => {
    if (isObject(condition) && Object.hasOwn(condition, 'exists')) {
      const present = leaves.length > 0;
      return present === (condition.exists === true);
    }
    return leaves.some((leaf) => matchValue(condition, leaf));
  });
}

function matchValue(condition: unknown, value: Leaf): boolean {
  // Exact matching is type-sensitive: "5" never equals 5, and JSON numbers compare numerically.
  if (!isObject(condition)) return condition === value;
  const [operator, arg] = Object.entries(condition)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return matchAffix(arg, value, (s, affix) => s.startsWith(affix));
    case 'suffix':
      return matchAffix(arg, value, (s, affix) => s.endsWith(affix));
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof arg === 'string' && fold(value) === fold(arg);
    case 'wildcard':
      return typeof value === 'string' && typeof arg === 'string' && matchWildcard(arg, value);
    case 'anything-but':
      return matchAnythingBut(arg, value);
    case 'numeric':
      return typeof value === 'number' && matchNumeric(arg, value);
    case 'cidr':
      return typeof value === 'string' && typeof arg === 'string' && matchCidr(arg, value);
    default:
      return false;
  }
}

/** prefix/suffix take a string, or `{ "equals-ignore-case": string }` to compare case-insensitively. */
function matchAffix(arg: unknown, value: Leaf, test: (s: string, affix: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  if (typeof arg === 'string') return test(value, arg);
  const ignoringCase = isObject(arg) ? arg['equals-ignore-case'] : undefined;
  return typeof ignoringCase === 'string' && test(fold(value), fold(ignoringCase));
}

function matchAnythingBut(arg: unknown, value: Leaf): boolean {
  if (isObject(arg)) {
    // { prefix | suffix | equals-ignore-case | wildcard }: these describe strings, so only strings qualify.
    const [operator, operand] = Object.entries(arg)[0] ?? [];
    if (operator === undefined || typeof value !== 'string') return false;
    const excluded = Array.isArray(operand) ? operand : [operand];
    return !excluded.some((one) => matchValue({ [operator]: one }, value));
  }
  const excluded: unknown[] = Array.isArray(arg) ? arg : [arg];
  return !excluded.includes(value);
}

const COMPARATORS = new Map<unknown, (a: number, b: number) => boolean>([
  ['=', (a, b) => a === b],
  ['>', (a, b) => a > b],
  ['>=', (a, b) => a >= b],
  ['<', (a, b) => a < b],
  ['<=', (a, b) => a <= b],
]);

/** `[op, n]` or `[op, n, op, n]`; every comparison must hold. */
function matchNumeric(spec: unknown, value: number): boolean {
  if (!Array.isArray(spec) || spec.length === 0) return false;
  for (let i = 0; i < spec.length; i += 2) {
    const compare = COMPARATORS.get(spec[i]);
    const bound = spec[i + 1];
    if (!compare || typeof bound !== 'number' || !compare(value, bound)) return false;
  }
  return true;
}

/** Literal pieces between unescaped `*`s (`\*` is a literal star, `\\` a backslash); null if malformed. */
function wildcardPieces(pattern: string): string[] | null {
  const pieces: string[] = [];
  let current = '';
  let afterStar = false;
  for (let i = 0; i < pattern.length; i++) {
    let ch = pattern.charAt(i);
    if (ch === '*') {
      if (afterStar) return null; // EventBridge rejects consecutive wildcards
      pieces.push(current);
      current = '';
      afterStar = true;
      continue;
    }
    if (ch === '\\') {
      ch = pattern.charAt(++i);
      if (ch !== '*' && ch !== '\\') return null;
    }
    current += ch;
    afterStar = false;
  }
  return [...pieces, current];
}

// Greedy leftmost search is exact for `*`-only globs and linear, unlike a backtracking RegExp.
function matchWildcard(pattern: string, value: string): boolean {
  const pieces = wildcardPieces(pattern);
  if (!pieces) return false;
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1] ?? '';
  const end = value.length - last.length;
  if (end < first.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = value.indexOf(piece, position);
    if (found === -1 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// IP addresses (IPv4 and IPv6), as bigints so both families share one masking routine
// ---------------------------------------------------------------------------------------------------

interface Address {
  bits: bigint;
  width: 32 | 128;
}

function parseIpv4(text: string): bigint | null {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return null;
  return octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}

function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  // A trailing dotted quad (e.g. ::ffff:10.0.0.1) stands for the last two groups.
  const tail = groups[groups.length - 1] ?? [];
  const dotted = tail.at(-1)?.includes('.') ? parseIpv4(tail.pop() ?? '') : undefined;
  if (dotted === null) return null;
  const words = groups.flat();
  if (!words.every((w) => /^[0-9a-f]{1,4}$/i.test(w))) return null;
  const explicit = words.length + (dotted === undefined ? 0 : 2);
  if (halves.length === 2 ? explicit > 7 : explicit !== 8) return null;
  const [head = [], rest = []] = groups;
  const zeros = Array.from({ length: 8 - explicit }, () => '0');
  const all = halves.length === 2 ? [...head, ...zeros, ...rest] : head;
  let bits = all.reduce((acc, w) => (acc << 16n) | BigInt(`0x${w}`), 0n);
  if (dotted !== undefined) bits = (bits << 32n) | dotted;
  return bits;
}

function parseAddress(text: string): Address | null {
  if (text.includes(':')) {
    const bits = parseIpv6(text);
    return bits === null ? null : { bits, width: 128 };
  }
  const bits = parseIpv4(text);
  return bits === null ? null : { bits, width: 32 };
}

function parseCidr(text: string): (Address & { prefix: number }) | null {
  const [ip = '', length, extra] = text.split('/');
  const address = parseAddress(ip);
  if (!address || length === undefined || extra !== undefined || !/^\d{1,3}$/.test(length)) return null;
  const prefix = Number(length);
  return prefix <= address.width ? { ...address, prefix } : null;
}

function matchCidr(cidr: string, ip: string): boolean {
  const network = parseCidr(cidr);
  const address = parseAddress(ip);
  if (!network || !address || network.width !== address.width) return false;
  const hostBits = BigInt(network.width - network.prefix);
  return address.bits >> hostBits === network.bits >> hostBits;
}

// ---------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------

/** Problems EventBridge would reject the pattern for, as readable messages; empty when valid. */
export function validateEventPattern(pattern: unknown): string[] {
  if (!isObject(pattern)) return ['the event pattern must be a JSON object'];
  const problems: string[] = [];
  validateObject(pattern, '', problems);
  return problems;
}

function validateObject(pattern: JsonObject, path: string, problems: string[]): void {
  const entries = Object.entries(pattern);
  if (entries.length === 0) problems.push(`${path || 'the pattern'}: must name at least one field`);
  for (const [key, value] of entries) {
    const at = path ? `${path}.${key}` : key;
    if (key === OR && Array.isArray(value)) validateOr(value, at, problems);
    else if (Array.isArray(value)) validateLeaf(value, at, problems);
    else if (isObject(value)) validateObject(value, at, problems);
    else problems.push(`${at}: values to match must be in an array, e.g. [${show(value)}]`);
  }
}

function validateOr(branches: unknown[], at: string, problems: string[]): void {
  if (branches.length < 2) problems.push(`${at}: needs at least two alternative patterns`);
  branches.forEach((branch, i) => {
    if (isObject(branch)) validateObject(branch, `${at}[${i}]`, problems);
    else problems.push(`${at}[${i}]: each alternative must be a pattern object`);
  });
}

function validateLeaf(values: unknown[], at: string, problems: string[]): void {
  if (values.length === 0) problems.push(`${at}: the array of values to match must not be empty`);
  values.forEach((value, i) => {
    if (isObject(value)) {
      const problem = operatorProblem(value);
      if (problem) problems.push(`${at}[${i}]: ${problem}`);
    } else if (!isLeaf(value)) {
      problems.push(`${at}[${i}]: expected a string, number, boolean, null or operator object`);
    }
  });
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringList = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every(isString);
const NUMERIC_LIMIT = 5e9; // EventBridge only compares numbers within ±5.0e9
const WILDCARD_RULES = 'expects a string without consecutive "*", escaping only "*" and "\\" with "\\"';

const OPERATORS = new Map<string, (arg: unknown) => string | undefined>([
  ['prefix', affixProblem],
  ['suffix', affixProblem],
  ['equals-ignore-case', (arg) => (isString(arg) ? undefined : 'expects a string')],
  ['wildcard', (arg) => (isString(arg) && wildcardPieces(arg) ? undefined : WILDCARD_RULES)],
  ['anything-but', anythingButProblem],
  ['numeric', numericProblem],
  ['exists', (arg) => (typeof arg === 'boolean' ? undefined : 'expects true or false')],
  ['cidr', (arg) => (isString(arg) && parseCidr(arg) ? undefined : 'expects an IPv4 or IPv6 CIDR block')],
]);

function operatorProblem(condition: JsonObject): string | undefined {
  const entries = Object.entries(condition);
  const [operator, arg] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined) return 'an operator object must have exactly one key';
  const check = OPERATORS.get(operator);
  if (!check) return `unknown operator "${operator}"`;
  const problem = check(arg);
  return problem && `"${operator}" ${problem}`;
}

function affixProblem(arg: unknown): string | undefined {
  if (isString(arg)) return undefined;
  const ok = isObject(arg) && Object.keys(arg).length === 1 && isString(arg['equals-ignore-case']);
  return ok ? undefined : 'expects a string or { "equals-ignore-case": string }';
}

function anythingButProblem(arg: unknown): string | undefined {
  if (isString(arg) || isNumber(arg)) return undefined;
  if (Array.isArray(arg)) {
    const ok = arg.length > 0 && (arg.every(isString) || arg.every(isNumber));
    return ok ? undefined : 'expects a non-empty list of only strings or only numbers';
  }
  if (!isObject(arg)) return 'expects a string, a number, a list, or a nested operator';
  const entries = Object.entries(arg);
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1) return 'expects exactly one nested operator';
  if (operator === 'prefix' || operator === 'suffix') {
    return isString(operand) ? undefined : `"${operator}" expects a single string`;
  }
  if (operator === 'equals-ignore-case') {
    return isString(operand) || isStringList(operand) ? undefined : `"${operator}" expects strings`;
  }
  if (operator === 'wildcard') {
    const all = Array.isArray(operand) ? operand : [operand];
    const ok = all.length > 0 && all.every((w) => isString(w) && wildcardPieces(w));
    return ok ? undefined : `"wildcard" ${WILDCARD_RULES}`;
  }
  return `cannot be combined with "${operator}"`;
}

function numericProblem(arg: unknown): string | undefined {
  const malformed = 'expects [op, number] or [lower-op, number, upper-op, number]';
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) return malformed;
  for (let i = 0; i < arg.length; i += 2) {
    const bound = arg[i + 1];
    if (!COMPARATORS.has(arg[i])) return `has unknown comparison ${show(arg[i])}`;
    if (!isNumber(bound)) return `expects a number after ${show(arg[i])}`;
    if (Math.abs(bound) > NUMERIC_LIMIT) return `bounds must be within ±${NUMERIC_LIMIT}`;
  }
  if (arg.length === 2) return undefined;
  // A range: one lower bound and one upper bound, in either order, that leave some numbers.
  const lower = arg.findIndex((op, i) => i % 2 === 0 && (op === '>' || op === '>='));
  const upper = arg.findIndex((op, i) => i % 2 === 0 && (op === '<' || op === '<='));
  if (lower === -1 || upper === -1) return 'a range needs one of > / >= and one of < / <=';
  return (arg[lower + 1] as number) < (arg[upper + 1] as number) ? undefined : 'has an empty range';
}

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));
