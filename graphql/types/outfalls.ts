/**
 * The outfall register: outfalls (global ids `Outfall:<id>`), their samples and deadlines, the register's
 * counters (outfallStats, Task.outfallProgress), and the public disclosed view (`publicOutfalls`, the one
 * query that answers without a token).
 */
import DataLoader from 'dataloader';
import { canReadRegister } from '../../services/outfalls/access.ts';
import { CATEGORY_INFO, OUTFALL_CATEGORIES } from '../../services/outfalls/categories.ts';
import {
  isEnded,
  OUTFALL_STATES,
  outfallMachine,
  REMEDIATION_MEASURES,
} from '../../services/outfalls/lifecycle.ts';
import { applicableLimits } from '../../services/outfalls/limits.ts';
import type { Outfall, Sample } from '../../services/outfalls/model.ts';
import {
  getOutfalls,
  listOutfalls,
  listSamples,
  readStats,
  type StatItem,
} from '../../services/outfalls/repository.ts';
import { outfallSettings } from '../../services/outfalls/settings.ts';
import {
  type Counts,
  isLate,
  STAT_DIMENSIONS,
  type StatDimension,
  sumCounts,
} from '../../services/outfalls/stats.ts';
import {
  type DeadlineRecord,
  deadlineState,
  listDeadlines,
} from '../../services/shared/deadlines/records.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { domainId } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { HasHistoryRef } from './history.ts';
import { TaskRef } from './task.ts';
import { UnitRef } from './unit.ts';

export const OutfallCategoryEnum = builder.enumType('OutfallCategory', {
  description: Object.entries(CATEGORY_INFO)
    .map(([k, v]) => `${k}: ${v.label}`)
    .join('; '),
  values: OUTFALL_CATEGORIES,
});
export const OutfallStateEnum = builder.enumType('OutfallState', { values: OUTFALL_STATES });
export const RemediationMeasureEnum = builder.enumType('RemediationMeasure', {
  description:
    'ABOLISH_SEAL 取缔封堵, MERGE_CONNECT 清理合并/截污纳管, REGULARISE_RETAIN 规范整治后保留, GATE_CONTROL 设闸管控.',
  values: REMEDIATION_MEASURES,
});

// ---- per-request loaders, kept with the context they belong to ----

const outfallLoaders = new WeakMap<Context, DataLoader<string, Outfall | null>>();
const statsLoaders = new WeakMap<Context, Promise<StatItem[]>>();

/** Outfalls by id for this request; null for what the caller may not see (anyone but staff). */
export function loadOutfall(ctx: Context, id: string): Promise<Outfall | null> {
  let loader = outfallLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<string, Outfall | null>(async (ids) => {
      const found = await getOutfalls(ctx.store, ids);
      return ids.map((i) => found.get(i) ?? null);
    });
    outfallLoaders.set(ctx, loader);
  }
  return canReadRegister(ctx.actor) ? loader.load(id) : Promise.resolve(null);
}

function statsOf(ctx: Context): Promise<StatItem[]> {
  let stats = statsLoaders.get(ctx);
  if (!stats) {
    stats = readStats(ctx.store, outfallSettings(ctx).district);
    statsLoaders.set(ctx, stats);
  }
  return stats;
}

// ---- small shapes ----

const LocationRef = builder.objectRef<Outfall['location']>('Location').implement({
  description: 'WGS-84 degrees.',
  fields: (t) => ({ longitude: t.exposeFloat('longitude'), latitude: t.exposeFloat('latitude') }),
});

const PermitRef = builder.objectRef<NonNullable<Outfall['permit']>>('DischargePermit').implement({
  fields: (t) => ({
    number: t.exposeString('number'),
    holder: t.exposeString('holder'),
    validFrom: t.exposeString('validFrom', { nullable: true }),
    validUntil: t.exposeString('validUntil', { nullable: true }),
  }),
});

const DischargerRef = builder.objectRef<Outfall['dischargers'][number]>('Discharger').implement({
  description:
    'Who discharges through an outfall: a name and, for an organisation, its unified social credit code.',
  fields: (t) => ({
    name: t.exposeString('name'),
    creditCode: t.exposeString('creditCode', { nullable: true }),
  }),
});

const PersonRef = builder
  .objectRef<NonNullable<Outfall['responsiblePerson']>>('ResponsiblePerson')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      title: t.exposeString('title', { nullable: true }),
      phone: t.exposeString('phone', { nullable: true }),
    }),
  });

const AttachmentRef = builder.objectRef<Outfall['attachments'][number]>('OutfallAttachment').implement({
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'DOCUMENT or PHOTO.' }),
    ref: t.exposeString('ref'),
    title: t.exposeString('title', { nullable: true }),
  }),
});

const SourceRef = builder.objectRef<NonNullable<Outfall['sources']>[number]>('OutfallSource').implement({
  description: 'One inlet behind an outfall, as tracing found it: a discharger, or nobody (ownerless).',
  fields: (t) => ({
    description: t.exposeString('description'),
    discharger: t.field({ type: DischargerRef, nullable: true, resolve: (s) => s.discharger ?? null }),
    ownerless: t.boolean({ resolve: (s) => !!s.ownerless }),
  }),
});

const RemediationRef = builder.objectRef<NonNullable<Outfall['remediation']>>('RemediationPlan').implement({
  description: 'The outfall’s one plan (一口一策).',
  fields: (t) => ({
    measure: t.field({ type: RemediationMeasureEnum, resolve: (p) => p.measure }),
    dueAt: t.field({ type: 'DateTime', resolve: (p) => p.dueAt }),
    description: t.exposeString('description'),
    mergeIntoOutfallId: t.string({ nullable: true, resolve: (p) => p.mergeInto?.outfallId ?? null }),
    mergeIntoOutfallCode: t.string({ nullable: true, resolve: (p) => p.mergeInto?.outfallCode ?? null }),
    mergeIntoSewer: t.string({ nullable: true, resolve: (p) => p.mergeInto?.sewer ?? null }),
    sealOwnerlessInlets: t.exposeBoolean('sealOwnerlessInlets'),
    plannedAt: t.field({ type: 'DateTime', resolve: (p) => p.plannedAt }),
  }),
});

const GateRef = builder.objectRef<NonNullable<Outfall['gate']>>('OutfallGate').implement({
  fields: (t) => ({
    open: t.exposeBoolean('open'),
    observedAt: t.field({ type: 'DateTime', resolve: (g) => g.observedAt }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const LimitRef = builder
  .objectRef<{ parameter: string; max?: number; min?: number; unit: string }>('DischargeLimit')
  .implement({
    fields: (t) => ({
      parameter: t.exposeString('parameter'),
      max: t.exposeFloat('max', { nullable: true }),
      min: t.exposeFloat('min', { nullable: true }),
      unit: t.exposeString('unit'),
    }),
  });

const SampleValueRef = builder.objectRef<Sample['values'][number]>('SampleValue').implement({
  fields: (t) => ({
    parameter: t.exposeString('parameter'),
    value: t.exposeFloat('value'),
    unit: t.exposeString('unit'),
  }),
});

const ExceedanceRef = builder.objectRef<Sample['exceedances'][number]>('Exceedance').implement({
  fields: (t) => ({
    parameter: t.exposeString('parameter'),
    value: t.exposeFloat('value'),
    unit: t.exposeString('unit'),
    limit: t.exposeFloat('limit'),
    multiple: t.exposeFloat('multiple', { description: 'C/S: the value divided by the limit.' }),
    bound: t.exposeString('bound', { description: 'MAX, or MIN for a value below a minimum (pH).' }),
  }),
});

export const SampleRef = builder.objectRef<Sample>('OutfallSample').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    sampledAt: t.field({ type: 'DateTime', resolve: (s) => s.sampledAt }),
    sampledBy: t.exposeString('sampledBy'),
    lab: t.exposeString('lab'),
    values: t.field({ type: [SampleValueRef], resolve: (s) => s.values }),
    exceedances: t.field({ type: [ExceedanceRef], resolve: (s) => s.exceedances }),
    note: t.exposeString('note', { nullable: true }),
    recordedAt: t.field({ type: 'DateTime', resolve: (s) => s.recordedAt }),
  }),
});

const SampleConnectionRef = builder.connectionObject(
  { type: SampleRef, name: 'OutfallSampleConnection' },
  { name: 'OutfallSampleEdge' },
);

const DeadlineRef = builder.objectRef<DeadlineRecord>('OutfallDeadline').implement({
  description: 'One limit of an outfall: its annex deadline, or a gate check.',
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.exposeString('title'),
    dueAt: t.field({ type: 'DateTime', resolve: (d) => d.dueAt }),
    state: t.string({
      description: 'OPEN, DUE_SOON, OVERDUE, or its outcome: MET, LATE, CANCELLED.',
      resolve: (d, _a, ctx) => deadlineState(d, ctx.clock.now()),
    }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.closedAt ?? null }),
    steps: t.stringList({
      description: 'Ladder steps already fired.',
      resolve: (d) => Object.keys(d.firedSteps ?? {}),
    }),
  }),
});

// ---- the outfall ----

export const OutfallRef = builder.objectRef<Outfall>('Outfall');

builder.node(OutfallRef, {
  description: 'An outfall into a river or canal (入河排污口) and where it stands in 查测溯治.',
  interfaces: [HasHistoryRef],
  id: { resolve: (o) => o.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadOutfall(ctx, id))),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    waterBody: t.exposeString('waterBody'),
    township: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (o, _a, ctx) => (o.townshipUnitId ? ctx.loaders.unit.load(o.townshipUnitId) : null),
    }),
    village: t.exposeString('village', { nullable: true }),
    location: t.field({ type: LocationRef, resolve: (o) => o.location }),
    category: t.field({ type: OutfallCategoryEnum, resolve: (o) => o.category }),
    categoryLabel: t.string({ resolve: (o) => CATEGORY_INFO[o.category].label }),
    nationalClass: t.string({
      description: 'INDUSTRIAL, URBAN_WWTP, AGRICULTURAL or OTHER (国办函〔2022〕17号).',
      resolve: (o) => CATEGORY_INFO[o.category].nationalClass,
    }),
    permit: t.field({ type: PermitRef, nullable: true, resolve: (o) => o.permit ?? null }),
    dischargers: t.field({ type: [DischargerRef], resolve: (o) => o.dischargers }),
    sources: t.field({ type: [SourceRef], resolve: (o) => o.sources ?? [] }),
    findings: t.exposeString('findings', { nullable: true }),
    responsibleUnit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (o, _a, ctx) => ctx.loaders.unit.load(o.responsibleUnitId),
    }),
    responsiblePerson: t.field({
      type: PersonRef,
      nullable: true,
      resolve: (o) => o.responsiblePerson ?? null,
    }),
    attachments: t.field({ type: [AttachmentRef], resolve: (o) => o.attachments }),
    notes: t.exposeString('notes', { nullable: true, description: 'Internal: never published.' }),
    limits: t.field({
      type: [LimitRef],
      description:
        'The limits its samples are compared with: its own, else its category’s, else the district’s.',
      resolve: (o, _a, ctx) =>
        Object.entries(applicableLimits(o.category, outfallSettings(ctx).limits, o.limits)).map(
          ([parameter, l]) => ({
            parameter,
            ...l,
          }),
        ),
    }),
    disclosed: t.exposeBoolean('disclosed', { description: 'Published on the public register (A10).' }),
    annexItem: t.exposeString('annexItem', { description: 'The annex item that governs it (A1–A9).' }),
    annexTask: t.field({
      type: TaskRef,
      nullable: true,
      resolve: async (o, _a, ctx) => {
        const planId = o.deadline.taskId.slice(0, o.deadline.taskId.lastIndexOf(':'));
        const { tasks } = await ctx.loaders.planTasks.load(planId);
        return tasks.find((task) => task.id === o.deadline.taskId) ?? null;
      },
    }),
    dueAt: t.field({
      type: 'DateTime',
      description: 'Its annex item’s deadline.',
      resolve: (o) => o.deadline.dueAt,
    }),
    late: t.boolean({
      description: 'Past its deadline and not in an end state.',
      resolve: (o, _a, ctx) => isLate(o.state, o.deadline.dueAt, ctx.clock.now()),
    }),
    deadlines: t.field({
      type: [DeadlineRef],
      description: 'Every limit it has had (annex deadline, gate checks), open and closed, in due order.',
      resolve: (o, _a, ctx) => listDeadlines(ctx.store, { type: 'Outfall', id: o.id }),
    }),
    state: t.field({ type: OutfallStateEnum, resolve: (o) => o.state }),
    ended: t.boolean({ resolve: (o) => isEnded(o.state) }),
    nextActions: t.stringList({
      description: 'Lifecycle steps its state allows (MONITOR = record a sample).',
      resolve: (o) => (isEnded(o.state) ? [] : outfallMachine.allowed(o.state)),
    }),
    gateControlled: t.exposeBoolean('gateControlled', {
      description: 'Its gate may be open only in the flood season (A3, A7).',
    }),
    gate: t.field({ type: GateRef, nullable: true, resolve: (o) => o.gate ?? null }),
    remediation: t.field({ type: RemediationRef, nullable: true, resolve: (o) => o.remediation ?? null }),
    remediatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.remediatedAt ?? null }),
    signboard: t.string({ nullable: true, resolve: (o) => o.retention?.signboard ?? null }),
    archiveRef: t.string({ nullable: true, resolve: (o) => o.retention?.archiveRef ?? null }),
    endedAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.endedAt ?? null }),
    villageException: t.string({
      nullable: true,
      description: 'The supervisor’s reason for a second rural outfall in its village.',
      resolve: (o) => o.villageException?.reason ?? null,
    }),
    latestSampleAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (o) => o.latestSample?.sampledAt ?? null,
    }),
    samples: t.field({
      type: SampleConnectionRef,
      description: 'Newest first. Page size: default 50, at most 100.',
      args: { ...forwardPageArgs },
      resolve: async (o, args, ctx) =>
        keyPage(await listSamples(ctx.store, o.id, pageSize(args.first, 'first', 100), args.after)),
    }),
    importId: t.exposeString('importId', { nullable: true }),
    version: t.exposeInt('version', {
      description: 'Pass as `expectedVersion` to mutations to detect conflicts.',
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (o) => o.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (o) => o.updatedAt }),
  }),
});

// ---- counters ----

interface CountsView {
  counts: Counts;
}

const StateCountRef = builder.objectRef<{ state: string; count: number }>('OutfallStateCount').implement({
  fields: (t) => ({
    state: t.field({ type: OutfallStateEnum, resolve: (c) => c.state as Outfall['state'] }),
    count: t.exposeInt('count'),
  }),
});

export const OutfallCountsRef = builder.objectRef<CountsView>('OutfallCounts').implement({
  description:
    'How many outfalls, in each state, late (past their deadline, not ended), ended and disclosed.',
  fields: (t) => ({
    total: t.int({ resolve: ({ counts }) => counts.total ?? 0 }),
    late: t.int({ resolve: ({ counts }) => counts.late ?? 0 }),
    ended: t.int({
      resolve: ({ counts }) => (counts.RETAINED ?? 0) + (counts.SEALED ?? 0) + (counts.MERGED ?? 0),
    }),
    disclosed: t.int({ resolve: ({ counts }) => counts.disclosed ?? 0 }),
    byState: t.field({
      type: [StateCountRef],
      description: 'Every state, zero included.',
      resolve: ({ counts }) => OUTFALL_STATES.map((state) => ({ state, count: counts[state] ?? 0 })),
    }),
  }),
});

const StatsGroupRef = builder.objectRef<CountsView & { value: string }>('OutfallStatsGroup').implement({
  fields: (t) => ({
    value: t.exposeString('value', {
      description: 'The water body, township unit id (NONE: none), category or annex item.',
    }),
    counts: t.field({ type: OutfallCountsRef, resolve: (g) => g }),
  }),
});

const DimensionEnum = builder.enumType('OutfallStatsDimension', { values: STAT_DIMENSIONS });

const StatsRef = builder.objectRef<StatItem[]>('OutfallStats').implement({
  description:
    'The register’s counters, kept in the same transaction as each change: never computed from the register.',
  fields: (t) => ({
    all: t.field({
      type: OutfallCountsRef,
      resolve: (items) => ({ counts: sumCounts(items.filter((i) => i.dimension === 'CATEGORY')) }),
    }),
    groups: t.field({
      type: [StatsGroupRef],
      args: { dimension: t.arg({ type: DimensionEnum, required: true }) },
      resolve: (items, { dimension }) => groups(items, dimension),
    }),
  }),
});

function groups(items: StatItem[], dimension: StatDimension) {
  return items
    .filter((i) => i.dimension === dimension && (i.total ?? 0) > 0)
    .map((i) => ({ value: i.value, counts: i }))
    .sort((a, b) => a.value.localeCompare(b.value));
}

const staff = {
  $any: { supervisor: true, unitOfficer: true, enforcementOfficer: true, policeOfficer: true },
};

builder.objectField(TaskRef, 'outfallProgress', (t) =>
  t.field({
    type: OutfallCountsRef,
    nullable: true,
    description:
      'For the outfall tasks of the plan the register follows: A1–A3 and A5–A9 count the outfalls they govern; task 10 ' +
      'and A10 (disclosure and retained outfalls) count the whole register. Null for other tasks and A4.',
    resolve: async (task, _a, ctx) => {
      if (!canReadRegister(ctx.actor) || task.planId !== outfallSettings(ctx).planId) return null;
      const items = await statsOf(ctx);
      const annex = items.filter((i) => i.dimension === 'ANNEX');
      if (task.number === '10' || task.number === 'A10') return { counts: sumCounts(annex) };
      if (!/^A[1-9]$/.test(task.number) || task.number === 'A4') return null;
      return { counts: annex.find((i) => i.value === task.number) ?? {} };
    },
  }),
);

const OutfallFilter = builder.inputType('OutfallFilter', {
  fields: (t) => ({
    waterBody: t.string({ description: 'At most 50 characters.' }),
    townshipUnitId: t.id({ description: 'At most 63 characters.' }),
    category: t.field({ type: OutfallCategoryEnum }),
    state: t.field({ type: OutfallStateEnum }),
    annexItem: t.string({ description: 'A1–A9 (longer values match nothing).' }),
  }),
});

function filterOf(filter: Record<string, unknown> | null | undefined) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filter ?? {}))
    if (v !== null && v !== undefined) out[k] = String(v).slice(0, 64);
  return out;
}

const OutfallConnectionRef = builder.connectionObject(
  { type: OutfallRef, name: 'OutfallConnection' },
  { name: 'OutfallEdge' },
);

builder.queryFields((t) => ({
  outfall: t.withAuth(staff).field({
    type: OutfallRef,
    nullable: true,
    args: {
      id: t.arg.id({ required: true, description: 'Its global id or its plain id; at most 64 characters.' }),
    },
    resolve: (_root, { id }, ctx) => loadOutfall(ctx, domainId(id, 'Outfall')),
  }),
  outfalls: t.withAuth(staff).field({
    type: OutfallConnectionRef,
    description: 'The register by code. Page size: default 50, at most 500.',
    args: { filter: t.arg({ type: OutfallFilter }), ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      const page = await listOutfalls(
        ctx.store,
        outfallSettings(ctx).district,
        filterOf(args.filter),
        pageSize(args.first),
        args.after,
      );
      return keyPage(page);
    },
  }),
  outfallStats: t.withAuth(staff).field({
    type: StatsRef,
    description: 'One read of the counters, whatever the size of the register.',
    resolve: (_root, _a, ctx) => statsOf(ctx),
  }),
}));

export { filterOf, OutfallFilter };
