/** Enforcement cases: the case with its record, its two tracks, its penalties and its timeline; the case lists. */
import { canLookUpCases, canReadCases } from '../../services/cases/access.ts';
import { CRIME_GROUND_CODES, type CrimeGround } from '../../services/cases/crime-grounds.ts';
import {
  CASE_OUTCOMES,
  CASE_SOURCES,
  type CaseFacts,
  type CaseSourceRecord,
  type EnforcementCase,
  type FineDecision,
  type OutfallRef,
  type PartyRef,
  type PenaltyCycle,
  type Reinspection,
  type Violation,
} from '../../services/cases/model.ts';
import {
  type CaseCounts,
  getCaseCounts,
  listClosedCases,
  listOpenCases,
} from '../../services/cases/repository.ts';
import { CASE_STATUSES, HANDOFF_STATUSES, OPEN_CASE_STATUSES } from '../../services/cases/status.ts';
import { EVASION_METHODS, VIOLATION_KINDS } from '../../services/cases/violations.ts';
import { authorize } from '../../services/shared/auth/policy.ts';
import { BadUserInputError } from '../../services/shared/errors.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { domainId } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { caseLoaders } from './case-loaders.ts';
import { CaseRef, ComplaintRef, DischargerRef, EvidenceRef, SampleRef, SanctionRef } from './case-refs.ts';
import { DeadlineRef } from './deadlines.ts';
import { HasHistoryRef } from './history.ts';
import { MoneyRef } from './money.ts';
import { loadOutfall, OutfallRef as OutfallNodeRef } from './outfalls.ts';
import { UnitRef } from './unit.ts';

export const CaseStatusEnum = builder.enumType('CaseStatus', { values: CASE_STATUSES });
const HandoffStatusEnum = builder.enumType('HandoffStatus', {
  description:
    'The hand-off track beside the administrative one: NONE, CRIME_SUSPECTED (proposed), HANDED_OFF, then FILED, DECLINED or WITHDRAWN.',
  values: HANDOFF_STATUSES,
});
export const CaseSourceEnum = builder.enumType('CaseSource', { values: CASE_SOURCES });
export const ViolationKindEnum = builder.enumType('ViolationKind', { values: VIOLATION_KINDS });
export const EvasionMethodEnum = builder.enumType('EvasionMethod', { values: EVASION_METHODS });
const CrimeGroundCodeEnum = builder.enumType('CrimeGroundCode', { values: CRIME_GROUND_CODES });
export const CaseOutcomeEnum = builder.enumType('CaseOutcome', { values: CASE_OUTCOMES });

export const OutfallRefRef = builder.objectRef<OutfallRef>('CaseOutfall').implement({
  description: 'An outfall a case or an enterprise file names: its register id and code as recorded.',
  fields: (t) => ({
    outfallId: t.exposeID('id', { description: 'The outfall’s plain id in the register.' }),
    code: t.exposeString('code', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
    outfall: t.field({
      type: OutfallNodeRef,
      nullable: true,
      description: 'The outfall in the register (null if it is not there, or the caller may not read it).',
      resolve: (o, _args, ctx) => loadOutfall(ctx, o.id),
    }),
  }),
});

export const PartyRefRef = builder.objectRef<PartyRef>('CaseParty').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    creditCode: t.exposeString('creditCode', { nullable: true }),
    enterpriseFile: t.field({
      type: DischargerRef,
      nullable: true,
      description: 'The enterprise file, when the party is on file.',
      resolve: (p, _a, ctx) => (p.dischargerId ? caseLoaders(ctx).discharger.load(p.dischargerId) : null),
    }),
  }),
});

const SourceRef = builder.objectRef<CaseSourceRecord>('CaseSourceRecord').implement({
  fields: (t) => ({
    kind: t.field({ type: CaseSourceEnum, resolve: (s) => s.kind }),
    complaint: t.field({
      type: ComplaintRef,
      nullable: true,
      resolve: (s, _a, ctx) => (s.complaintId ? caseLoaders(ctx).complaint.load(s.complaintId) : null),
    }),
    eventId: t.exposeString('eventId', {
      nullable: true,
      description: 'The OutfallExceedanceDetected event.',
    }),
    sampleId: t.exposeString('sampleId', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const ViolationRef = builder.objectRef<Violation>('Violation').implement({
  fields: (t) => ({
    kind: t.field({ type: ViolationKindEnum, resolve: (v) => v.kind }),
    method: t.field({ type: EvasionMethodEnum, nullable: true, resolve: (v) => v.method ?? null }),
    description: t.exposeString('description'),
    recordedAt: t.field({ type: 'DateTime', resolve: (v) => v.recordedAt }),
  }),
});

const FactsRef = builder.objectRef<CaseFacts>('CaseFacts').implement({
  fields: (t) => ({
    toxicSubstances: t.exposeBoolean('toxicSubstances', { nullable: true }),
    inProtectedArea: t.exposeBoolean('inProtectedArea', { nullable: true }),
    hazardousWasteTonnes: t.exposeFloat('hazardousWasteTonnes', { nullable: true }),
    illegalGains: t.field({ type: MoneyRef, nullable: true, resolve: (f) => f.illegalGainsFen ?? null }),
    propertyLoss: t.field({ type: MoneyRef, nullable: true, resolve: (f) => f.propertyLossFen ?? null }),
    intakeInterruptedHours: t.exposeFloat('intakeInterruptedHours', { nullable: true }),
  }),
});

export const CrimeGroundRef = builder.objectRef<CrimeGround>('CrimeGround').implement({
  description:
    'A serious-pollution ground (法释〔2023〕7号 art. 1) the facts meet: a reason to suspect a crime, not a finding.',
  fields: (t) => ({
    code: t.field({ type: CrimeGroundCodeEnum, resolve: (g) => g.code }),
    title: t.exposeString('title', { description: 'The ground in the interpretation’s words.' }),
    basis: t.exposeStringList('basis'),
    sampleIds: t.exposeStringList('sampleIds'),
  }),
});

const FineRef = builder.objectRef<FineDecision>('FineDecision').implement({
  fields: (t) => ({
    amount: t.field({ type: MoneyRef, resolve: (f) => f.amountFen }),
    decisionNumber: t.exposeString('decisionNumber'),
    decidedAt: t.field({ type: 'DateTime', resolve: (f) => f.decidedAt }),
  }),
});

const ReinspectionRef = builder.objectRef<Reinspection>('Reinspection').implement({
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (r) => r.at }),
    on: t.exposeString('on', { description: 'Local date (YYYY-MM-DD).' }),
    finding: t.exposeString('finding', { description: 'VIOLATION_CONTINUES or CORRECTED.' }),
    from: t.exposeString('from', { nullable: true, description: 'First day counted by its daily penalty.' }),
    to: t.exposeString('to', { nullable: true }),
    stoppedDays: t.exposeInt('stoppedDays', { nullable: true }),
    days: t.exposeInt('days'),
    amount: t.field({ type: MoneyRef, resolve: (r) => r.amountFen }),
    decisionNumber: t.exposeString('decisionNumber', { nullable: true }),
  }),
});

const CorrectionOrderRef = builder.objectRef<PenaltyCycle['orders'][number]>('CorrectionOrder').implement({
  fields: (t) => ({
    servedAt: t.field({ type: 'DateTime', resolve: (o) => o.servedAt }),
    servedOn: t.exposeString('servedOn'),
    documentNumber: t.exposeString('documentNumber', { nullable: true }),
  }),
});

const PenaltyCycleRef = builder.objectRef<PenaltyCycle>('PenaltyCycle').implement({
  description:
    'A daily-penalty cycle: from the service of a correction order until the violation is found corrected.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    fine: t.field({
      type: MoneyRef,
      description: 'The original fine: the amount per day.',
      resolve: (c) => c.fineFen,
    }),
    servedAt: t.field({ type: 'DateTime', resolve: (c) => c.servedAt }),
    orders: t.field({ type: [CorrectionOrderRef], resolve: (c) => c.orders }),
    reinspections: t.field({ type: [ReinspectionRef], resolve: (c) => c.reinspections }),
    status: t.exposeString('status', { description: 'AWAITING_REINSPECTION or CORRECTED.' }),
    totalDays: t.exposeInt('totalDays'),
    total: t.field({ type: MoneyRef, resolve: (c) => c.totalFen }),
    reinspectionDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (c) => c.reinspectionDueAt ?? null,
    }),
  }),
});

const aggregate = (c: EnforcementCase, ctx: Context) => caseLoaders(ctx).aggregate.load(c.id);

builder.node(CaseRef, {
  description: 'An enforcement case, from discovery to closure.',
  interfaces: [HasHistoryRef],
  id: { resolve: (c) => c.id },
  loadMany: (ids, ctx) =>
    caseLoaders(ctx)
      .case.loadMany(ids)
      .then((all) => all.map((c) => (c instanceof Error ? null : c))),
  fields: (t) => ({
    number: t.exposeString('number', { description: '`<bureau>-<year>-<seq>`.' }),
    title: t.exposeString('title'),
    status: t.field({ type: CaseStatusEnum, resolve: (c) => c.status }),
    handoffStatus: t.field({ type: HandoffStatusEnum, resolve: (c) => c.handoffStatus }),
    bureau: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (c, _a, ctx) => ctx.loaders.unit.load(c.bureauUnitId),
    }),
    source: t.field({ type: SourceRef, resolve: (c) => c.source }),
    party: t.field({ type: PartyRefRef, nullable: true, resolve: (c) => c.party ?? null }),
    candidates: t.field({
      type: [PartyRefRef],
      description: 'Dischargers behind the outfall, from the event that proposed the case.',
      resolve: (c) => c.candidates,
    }),
    outfalls: t.field({ type: [OutfallRefRef], resolve: (c) => c.outfalls }),
    township: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (c, _a, ctx) => (c.townshipUnitId ? ctx.loaders.unit.load(c.townshipUnitId) : null),
    }),
    discoveredAt: t.field({ type: 'DateTime', resolve: (c) => c.discoveredAt }),
    violations: t.field({ type: [ViolationRef], resolve: (c) => c.violations }),
    facts: t.field({ type: FactsRef, resolve: (c) => c.facts }),
    crimeGrounds: t.field({
      type: [CrimeGroundRef],
      description:
        'The grounds the facts meet now. A crime is suspected (never established) from the investigation on.',
      resolve: (c) => c.crimeGrounds,
    }),
    crimeSuspectedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (c) => c.crimeSuspectedAt ?? null,
    }),
    fine: t.field({ type: FineRef, nullable: true, resolve: (c) => c.fine ?? null }),
    penaltyCycles: t.field({ type: [PenaltyCycleRef], resolve: (c) => c.penaltyCycles }),
    dailyPenaltyTotal: t.field({
      type: MoneyRef,
      description: 'Every daily penalty decided on the case, all cycles.',
      resolve: (c) => c.penaltyCycles.reduce((sum, cycle) => sum + cycle.totalFen, 0),
    }),
    reinspectionDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (c) => c.reinspectionDueAt ?? null,
    }),
    samples: t.field({
      type: [SampleRef],
      resolve: async (c, _a, ctx) => (await aggregate(c, ctx))?.samples ?? [],
    }),
    evidence: t.field({
      type: [EvidenceRef],
      description: 'Every item, superseded ones included (marked).',
      resolve: async (c, _a, ctx) => (await aggregate(c, ctx))?.evidence ?? [],
    }),
    sanctions: t.field({
      type: [SanctionRef],
      resolve: async (c, _a, ctx) => (await aggregate(c, ctx))?.sanctions ?? [],
    }),
    deadlines: t.field({
      type: [DeadlineRef],
      description: 'Every re-inspection deadline the case has had, in due order.',
      resolve: (c, _a, ctx) => caseLoaders(ctx).deadlines.load(`Case|${c.id}`),
    }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.closedAt ?? null }),
    outcome: t.field({ type: CaseOutcomeEnum, nullable: true, resolve: (c) => c.outcome ?? null }),
    closingSummary: t.exposeString('closingSummary', { nullable: true }),
    published: t.boolean({ resolve: (c) => !!c.published }),
    openedAt: t.field({ type: 'DateTime', resolve: (c) => c.openedAt }),
    version: t.exposeInt('version', { description: 'Pass as `expectedVersion` to detect conflicts.' }),
  }),
});

const CaseCountRef = builder.objectRef<{ status: string; count: number }>('CaseCount').implement({
  fields: (t) => ({
    status: t.field({ type: CaseStatusEnum, resolve: (c) => c.status as never }),
    count: t.exposeInt('count'),
  }),
});

/** The counts of the bureau a connection lists, read once however many fields ask. */
function countsOfConnection(connection: object): Promise<CaseCounts> {
  return (connection as { countsOf: () => Promise<CaseCounts> }).countsOf();
}

/** Whose cases: the bureau named, or the caller's own unit. */
function bureauOf(ctx: Context, bureauUnitId: string | number | null | undefined): string {
  const id = bureauUnitId != null ? String(bureauUnitId) : ctx.actor?.unitId;
  if (!id)
    throw new BadUserInputError([
      { field: 'bureauUnitId', message: 'your token names no unit: give bureauUnitId' },
    ]);
  return id;
}

const CaseConnectionRef = builder.connectionObject(
  {
    type: CaseRef,
    name: 'CaseConnection',
    fields: (tc) => ({
      counts: tc.field({
        type: [CaseCountRef],
        description: 'The bureau’s cases by status (from its running counts: one read).',
        resolve: async (c) => {
          const counts = await countsOfConnection(c);
          return [...OPEN_CASE_STATUSES, 'CLOSED' as const].map((status) => ({
            status,
            count: counts[status],
          }));
        },
      }),
      openCount: tc.int({
        resolve: async (c) => {
          const counts = await countsOfConnection(c);
          return OPEN_CASE_STATUSES.reduce((sum, s) => sum + counts[s], 0);
        },
      }),
    }),
  },
  { name: 'CaseEdge' },
);

builder.queryFields((t) => ({
  case: t.withAuth({ authenticated: true }).field({
    type: CaseRef,
    nullable: true,
    description:
      'A case by id (global `Case:<id>` or plain). Supervisor, enforcement officers; police officers: cases handed or joined to their unit (else null).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      authorize(ctx.actor, canLookUpCases, caseLoaders(ctx).settings);
      return caseLoaders(ctx).case.load(domainId(id, 'Case'));
    },
  }),
  cases: t.withAuth({ authenticated: true }).field({
    type: CaseConnectionRef,
    description:
      'A bureau’s cases: open ones grouped by status (oldest first within a status), or CLOSED ones (latest first). ' +
      'Page size: default 50, at most 200. Costs one query whatever the number of cases.',
    args: {
      bureauUnitId: t.arg.id({ description: 'Default: the caller’s unit.' }),
      status: t.arg({ type: CaseStatusEnum, description: 'One status; default: every open status.' }),
      ...forwardPageArgs,
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx.actor, canReadCases, caseLoaders(ctx).settings);
      const bureau = bureauOf(ctx, args.bureauUnitId);
      const first = pageSize(args.first, 'first', 200);
      const page =
        args.status === 'CLOSED'
          ? await listClosedCases(ctx.store, bureau, first, args.after)
          : await listOpenCases(ctx.store, bureau, args.status ?? undefined, first, args.after);
      for (const c of page.items) caseLoaders(ctx).case.prime(c.id, c);
      let counts: Promise<CaseCounts> | undefined;
      const countsOf = () => {
        counts ??= getCaseCounts(ctx.store, bureau);
        return counts;
      };
      return { ...keyPage(page), countsOf };
    },
  }),
}));
