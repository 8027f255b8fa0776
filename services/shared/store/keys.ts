/**
 * The key registry: every key string and index partition of the single table is declared here, as a
 * template, and built from it — nowhere else. Templates are `#`-separated segments, each a literal or one
 * `{slot}`; slot values may not be empty or contain `#`, so the segments of a key are unambiguous and two
 * templates can collide only if they unify segment by segment (the registry test checks every pair).
 */
import { DomainError } from '../errors.ts';

export type Key = {
  PK: string;
  SK: string;
};

type Slots<T extends string> = T extends `${string}{${string}}${infer Rest}` ? [string, ...Slots<Rest>] : [];

/** One template: `PLAN#{planId}`. */
export class KeyTemplate<T extends string = string> {
  readonly segments: readonly { literal?: string; slot?: string }[];

  constructor(readonly pattern: T) {
    this.segments = pattern.split('#').map((part) => {
      const slot = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!slot && part.includes('{'))
        throw new Error(`Key template ${pattern}: a slot must fill a whole segment`);
      return slot ? { slot } : { literal: part };
    });
  }

  get slotCount(): number {
    return this.segments.filter((s) => s.slot).length;
  }

  build(...values: Slots<T>): string {
    return this.fill(values as string[], false);
  }

  /** The literal text up to the first slot not given: a `begins_with` prefix for queries. */
  prefix(...values: string[]): string {
    return this.fill(values, true);
  }

  private fill(values: string[], partial: boolean): string {
    let next = 0;
    const out: string[] = [];
    for (const segment of this.segments) {
      if (segment.literal !== undefined) {
        out.push(segment.literal);
        continue;
      }
      if (next >= values.length) {
        if (partial) return `${out.join('#')}#`;
        throw new Error(`Key template ${this.pattern}: too few values`);
      }
      out.push(checkSlot(values[next++] as string));
    }
    return out.join('#');
  }
}

/** An identifier that could break the key layout cannot name any stored item: refused, never built. */
export class InvalidIdentifierError extends DomainError {
  constructor(value: string) {
    super('BAD_USER_INPUT', `Not a valid identifier: ${JSON.stringify(value.slice(0, 60))}`, {
      problems: [{ field: 'id', message: 'must be non-empty and must not contain "#"' }],
    });
  }
}

function checkSlot(value: string): string {
  if (typeof value !== 'string' || value === '' || value.includes('#') || value.length > 1024) {
    throw new InvalidIdentifierError(String(value));
  }
  return value;
}

/**
 * DynamoDB refuses a partition key over 2,048 bytes and a sort key over 1,024 (UTF-8): such a key names
 * no item we could have written, so it is bad input, not a server error (1,000 Chinese characters are
 * 3,000 bytes).
 */
function withinDynamoLimits(key: Key): Key {
  if (Buffer.byteLength(key.PK) > 2048) throw new InvalidIdentifierError(key.PK);
  if (Buffer.byteLength(key.SK) > 1024) throw new InvalidIdentifierError(key.SK);
  return key;
}

/** A kind of item: its partition key template and sort key template. */
export interface ItemKeyKind<P extends string = string, S extends string = string> {
  (...values: [...Slots<P>, ...Slots<S>]): Key;
  readonly pk: KeyTemplate<P>;
  readonly sk: KeyTemplate<S>;
  /** The partition of these items (for a Query). */
  partition(...values: Slots<P>): string;
  /** A sort-key prefix of these items within a partition, from the leading sort-key values given. */
  sortPrefix(...values: string[]): string;
}

function item<P extends string, S extends string>(pk: P, sk: S): ItemKeyKind<P, S> {
  const pkTemplate = new KeyTemplate(pk);
  const skTemplate = new KeyTemplate(sk);
  const build = (...values: string[]): Key =>
    withinDynamoLimits({
      PK: pkTemplate.build(...(values.slice(0, pkTemplate.slotCount) as Slots<P>)),
      SK: skTemplate.build(...(values.slice(pkTemplate.slotCount) as Slots<S>)),
    });
  return Object.assign(build, {
    pk: pkTemplate,
    sk: skTemplate,
    partition: (...values: Slots<P>) => pkTemplate.build(...values),
    sortPrefix: (...values: string[]) => skTemplate.prefix(...values),
  }) as ItemKeyKind<P, S>;
}

/** An index entry: its partition template and sort template on one GSI. */
export interface IndexKeyKind<P extends string = string, S extends string = string> {
  readonly index: 'GSI1' | 'GSI2' | 'Timers';
  readonly pk: KeyTemplate<P>;
  readonly sk: KeyTemplate<S>;
  partition(...values: Slots<P>): string;
  sort(...values: Slots<S>): string;
}

function indexEntry<P extends string, S extends string>(
  index: IndexKeyKind['index'],
  pk: P,
  sk: S,
): IndexKeyKind<P, S> {
  const pkTemplate = new KeyTemplate(pk);
  const skTemplate = new KeyTemplate(sk);
  return {
    index,
    pk: pkTemplate,
    sk: skTemplate,
    partition: (...values) => pkTemplate.build(...values),
    sort: (...values) => skTemplate.build(...values),
  };
}

/** Table keys of every kind of item. */
export const keys = {
  plan: item('PLAN#{planId}', '#PLAN'),
  /** Tasks and their milestones share the plan's partition, so one query reads a whole plan. */
  task: item('PLAN#{planId}', 'TASK#{number}'),
  milestone: item('PLAN#{planId}', 'TASK#{number}#MS#{milestoneId}'),
  unit: item('UNIT#{unitId}', '#UNIT'),
  progressReport: item('PROGRESS#{taskId}', '{at}#{reportId}'),
  audit: item('AUDIT#{entityType}#{entityId}', '{at}#{auditId}'),
  outbox: item('OUTBOX#{eventId}', '#OUTBOX'),
  /** Marks an event as applied by one consumer: the idempotency record. */
  consumed: item('CONSUMED#{consumer}#{eventId}', '#CONSUMED'),
  /** A deadline of its own (an entity with several concurrent limits has one item per limit). */
  deadline: item('DEADLINES#{ownerType}#{ownerId}', 'DL#{name}'),
  interview: item('INTERVIEW#{interviewId}', '#INTERVIEW'),
  notification: item('INBOX#{unitId}', 'N#{notificationId}'),
  event: item('EVENT#{eventId}', '#EVENT'),
  webhookSubscription: item('WEBHOOK#{subscriptionId}', '#SUBSCRIPTION'),
  /** One delivery per (subscription, event): the key itself makes dispatch idempotent on `eventId`. */
  webhookDelivery: item('WEBHOOK#{subscriptionId}', 'DELIVERY#{eventId}'),
  outfall: item('OUTFALL#{outfallId}', '#OUTFALL'),
  /** Samples under their outfall, in sampling order. */
  outfallSample: item('OUTFALL#{outfallId}', 'SAMPLE#{sampledAt}#{sampleId}'),
  /** Holds a code for one outfall: a code is unique within its district. */
  outfallCode: item('OUTFALL-CODE#{district}#{code}', '#CODE'),
  /** The one scattered rural domestic outfall of an administrative village (annex A2). */
  outfallVillage: item('OUTFALL-VILLAGE#{townshipUnitId}#{village}', '#VILLAGE'),
  /** Counters of the register: one item per water body, township, category and annex item. */
  outfallStats: item('OUTFALL-STATS#{district}', '{dimension}#{value}'),
  /** A bulk import, and one manifest per transaction it committed (the keys written, for a rollback). */
  outfallImport: item('OUTFALL-IMPORT#{importId}', '#IMPORT'),
  outfallImportChunk: item('OUTFALL-IMPORT#{importId}', 'CHUNK#{chunk}'),
  // ---- Enforcement cases: a case and everything under it share one partition (one query reads it) ----
  case: item('CASE#{caseId}', '#CASE'),
  caseSample: item('CASE#{caseId}', 'SAMPLE#{sampleId}'),
  caseEvidence: item('CASE#{caseId}', 'EVIDENCE#{evidenceId}'),
  caseSanction: item('CASE#{caseId}', 'SANCTION#{sanctionId}'),
  handoffProposal: item('CASE#{caseId}', 'HANDOFF#{handoffId}'),
  /** The last case number a bureau gave in a year. */
  caseCounter: item('CASECOUNTER#{bureauUnitId}', 'YEAR#{year}'),
  /** Open cases of a bureau by status: the dashboard's counts without reading the cases. */
  caseStats: item('CASESTATS#{bureauUnitId}', '#STATS'),
  discharger: item('DISCHARGER#{dischargerId}', '#DISCHARGER'),
  /** Makes a credit code name one enterprise file, and finds it. */
  dischargerByCreditCode: item('CREDITCODE#{creditCode}', '#DISCHARGER'),
  /** Public, depersonalised copies: closed cases marked for publication, the credit-punishment list. */
  publishedCase: item('PUBLIC#CASES', '{closedAt}#{caseId}'),
  creditPunishment: item('PUBLIC#CREDIT', '{decidedAt}#{sanctionId}'),
  // ---- 12369 complaints ----
  complaint: item('COMPLAINT#{complaintId}', '#COMPLAINT'),
  complaintCounter: item('COMPLAINTCOUNTER#{year}', '#COUNTER'),
  // ---- Police hand-offs and joint work (the hand-off itself is the case's handoffProposal item) ----
  consultation: item('CASE#{caseId}', 'CONSULTATION#{consultationId}'),
  /** The events a police unit's case system pages through (one per event, idempotent on its id). */
  policeFeed: item('POLICE-FEED#{policeUnitId}', '{occurredAt}#{eventId}'),
  jointInspection: item('JOINT-INSPECTIONS#{taskId}', '{at}#{inspectionId}'),
  jointInspectionCount: item('JOINT-INSPECTION-COUNT#{taskId}', '#COUNT'),
} as const;

/** Index entries: list partitions and alternative orders. */
export const indexKeys = {
  planList: indexEntry('GSI1', 'PLANS', '{year}#{planId}'),
  unitList: indexEntry('GSI1', 'UNITS', '{unitId}'),
  webhookList: indexEntry('GSI1', 'WEBHOOKS', '{createdAt}#{subscriptionId}'),
  /** FAILED and SKIPPED deliveries of one subscription, by when they became so: what to redeliver. */
  undeliveredWebhooks: indexEntry('GSI1', 'WEBHOOK-UNDELIVERED#{subscriptionId}', '{failedAt}#{eventId}'),
  /** FAILED and SKIPPED deliveries of every subscription: the dead letters of the webhooks. */
  allUndeliveredWebhooks: indexEntry('GSI2', 'WEBHOOK-UNDELIVERED', '{failedAt}#{subscriptionId}#{eventId}'),
  interviewsByStatus: indexEntry('GSI1', 'INTERVIEWS#{status}', '{proposedAt}#{interviewId}'),
  unreadNotifications: indexEntry('GSI1', 'INBOX-UNREAD#{unitId}', 'N#{notificationId}'),
  /** All events share one time-ordered partition: district-scale volumes (thousands a day) fit it. */
  eventLog: indexEntry('GSI1', 'EVENTLOG', '{occurredAt}#{eventId}'),
  eventsByEntity: indexEntry('GSI2', 'EVENTENTITY#{entityId}', '{occurredAt}#{eventId}'),
  /** Pending deadlines, sorted by the instant of their next action. */
  timers: indexEntry('Timers', 'TIMER', '{timerAt}'),
  /** The register by code. */
  outfallList: indexEntry('GSI1', 'OUTFALLS#{district}', '{code}'),
  /** Disclosed outfalls only (A10), by water body then code: the public map reads a page of it. */
  publicOutfalls: indexEntry('GSI2', 'PUBLIC-OUTFALLS#{district}', '{waterBody}#{code}'),
  /** Open cases of a bureau, grouped by status, oldest first within a status. */
  openCases: indexEntry('GSI1', 'CASES#{bureauUnitId}#OPEN', '{status}#{openedAt}#{caseId}'),
  closedCases: indexEntry('GSI1', 'CASES#{bureauUnitId}#CLOSED', '{closedAt}#{caseId}'),
  /** The cases of an enterprise file (一厂一档). */
  dischargerCases: indexEntry('GSI2', 'DISCHARGER-CASES#{dischargerId}', '{openedAt}#{caseId}'),
  dischargerList: indexEntry('GSI1', 'DISCHARGERS', '{createdAt}#{dischargerId}'),
  complaintsByStatus: indexEntry('GSI1', 'COMPLAINTS#{status}', '{receivedAt}#{complaintId}'),
  complaintsByUnit: indexEntry('GSI2', 'COMPLAINTS-UNIT#{unitId}', '{receivedAt}#{complaintId}'),
  /** Hand-offs transferred to a police unit, ACTIVE or ENDED, in transfer order: the police's queue. */
  policeQueue: indexEntry('GSI1', 'POLICE-QUEUE#{policeUnitId}#{state}', '{transferredAt}#{handoffId}'),
} as const;

/** Tasks are addressed as `<planId>:<number>` (e.g. `yanhu-2020:A7`). */
export function taskId(planId: string, number: string): string {
  return `${planId}:${number}`;
}

export function parseTaskId(id: string): { planId: string; number: string } | null {
  const at = id.lastIndexOf(':');
  if (at <= 0 || at === id.length - 1) return null;
  return { planId: id.slice(0, at), number: id.slice(at + 1) };
}

/** Milestones are addressed as `<planId>:<number>:<milestoneId>`. */
export function milestoneId(planId: string, number: string, id: string): string {
  return `${planId}:${number}:${id}`;
}

export function parseMilestoneId(id: string): { planId: string; number: string; milestoneId: string } | null {
  const parts = id.split(':');
  if (parts.length < 3 || parts.some((p) => p === '')) return null;
  const milestone = parts.pop() as string;
  const number = parts.pop() as string;
  return { planId: parts.join(':'), number, milestoneId: milestone };
}
