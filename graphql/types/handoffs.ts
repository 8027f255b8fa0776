/**
 * The police hand-off: `Handoff` (the case's `handoff`) with its steps and every limit, the police unit's
 * queue and feed, consultations (会商) on a case and joint inspections on plan tasks 13 and 14. Loaders
 * answer null for what the caller may not see (police: hand-offs transferred to their unit).
 */
import DataLoader from 'dataloader';
import { canReadPoliceUnit, canSeeHandoff } from '../../services/handoffs/access.ts';
import { limitState } from '../../services/handoffs/deadline.ts';
import { DOCUMENT_KINDS, SIDES } from '../../services/handoffs/limits.ts';
import type {
  Consultation,
  Handoff,
  HandoffDocument,
  JointInspection,
  Participant,
} from '../../services/handoffs/model.ts';
import { listPoliceFeed, type PoliceFeedEntry } from '../../services/handoffs/police-feed.ts';
import {
  countJointInspections,
  getHandoffs,
  listConsultations,
  listJointInspections,
  listPoliceQueue,
} from '../../services/handoffs/repository.ts';
import { HANDOFF_STATES, HANDOFF_STEPS } from '../../services/handoffs/workflow.ts';
import { authorize } from '../../services/shared/auth/policy.ts';
import type { DeadlineRecord } from '../../services/shared/deadlines/records.ts';
import { BadUserInputError } from '../../services/shared/errors.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { domainId, idParts } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { caseLoaders } from './case-loaders.ts';
import { CaseRef } from './case-refs.ts';
import { CrimeGroundRef } from './cases.ts';
import { PeriodRef } from './deadlines.ts';
import { ActorSummaryRef, HasHistoryRef } from './history.ts';
import { TaskRef } from './task.ts';
import { UnitRef } from './unit.ts';

export const HandoffRef = builder.objectRef<Handoff>('Handoff');
export const ConsultationRef = builder.objectRef<Consultation>('Consultation');
export const JointInspectionRef = builder.objectRef<JointInspection>('JointInspection');
export const DocumentKindEnum = builder.enumType('HandoffDocumentKind', { values: DOCUMENT_KINDS });
const StateEnum = builder.enumType('HandoffState', { values: HANDOFF_STATES });
const StepEnum = builder.enumType('HandoffStep', { values: HANDOFF_STEPS });
const SideEnum = builder.enumType('HandoffSide', { values: SIDES });
const LimitStateEnum = builder.enumType('HandoffLimitState', {
  description:
    'The deadline states, and LAPSED: a right’s window (materials, reconsideration, supervision) passed unused.',
  values: ['OPEN', 'DUE_SOON', 'OVERDUE', 'MET', 'LATE', 'CANCELLED', 'LAPSED'] as const,
});

const perRequest = new WeakMap<Context, { handoff: DataLoader<string, Handoff | null> }>();
function handoffLoader(ctx: Context): DataLoader<string, Handoff | null> {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    const access = caseLoaders(ctx).settings;
    loaders = {
      handoff: new DataLoader(async (ids) => {
        const found = await getHandoffs(ctx.store, ids);
        return ids.map((id) => {
          const h = found.get(id);
          return h && ctx.actor && canSeeHandoff(ctx.actor, access, h) ? h : null;
        });
      }),
    };
    perRequest.set(ctx, loaders);
  }
  return loaders.handoff;
}

const DocumentRef = builder.objectRef<HandoffDocument>('HandoffDocument').implement({
  description: 'A document of the transfer package: a reference and its SHA-256, never the file.',
  fields: (t) => ({
    kind: t.field({ type: DocumentKindEnum, resolve: (d) => d.kind }),
    title: t.exposeString('title'),
    fileRef: t.exposeString('fileRef'),
    sha256: t.exposeString('sha256'),
  }),
});

const StepRef = builder.objectRef<Handoff['steps'][number]>('HandoffStepRecord').implement({
  fields: (t) => ({
    step: t.field({ type: StepEnum, resolve: (s) => s.step }),
    at: t.field({ type: 'DateTime', resolve: (s) => s.at }),
    actor: t.field({ type: ActorSummaryRef, resolve: (s) => s.actor }),
  }),
});

const LimitRef = builder.objectRef<DeadlineRecord>('HandoffLimit').implement({
  description: 'A statutory limit: who must act, counted how, due when, and whether it was met.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'E.g. `decision`, `decision-2` once re-issued.' }),
    title: t.exposeString('title'),
    side: t.field({ type: SideEnum, resolve: (d) => (d.context as { side: (typeof SIDES)[number] }).side }),
    period: t.field({ type: PeriodRef, nullable: true, resolve: (d) => d.period ?? null }),
    startedAt: t.field({ type: 'DateTime', resolve: (d) => d.startedAt }),
    dueAt: t.field({ type: 'DateTime', resolve: (d) => d.dueAt }),
    state: t.field({ type: LimitStateEnum, resolve: (d, _a, ctx) => limitState(d, ctx.clock.now()) }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.closedAt ?? null }),
  }),
});

const OpenLimitRef = builder.objectRef<Handoff['openLimits'][number]>('HandoffOpenLimit').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    side: t.field({ type: SideEnum, resolve: (l) => l.side }),
    dueAt: t.field({ type: 'DateTime', resolve: (l) => l.dueAt }),
  }),
});

const limitsOf = (type: string, id: string, ctx: Context) => caseLoaders(ctx).deadlines.load(`${type}|${id}`);

builder.node(HandoffRef, {
  description: 'The hand-off of a case’s suspected crime to the police, step by step, with every limit.',
  interfaces: [HasHistoryRef],
  id: { resolve: (h) => h.id, parse: (id) => idParts(id, 'Handoff', 2).join(':') },
  loadMany: (ids, ctx) =>
    handoffLoader(ctx)
      .loadMany(ids)
      .then((all) => all.map((h) => (h instanceof Error ? null : h))),
  fields: (t) => ({
    handoffId: t.exposeID('id'),
    caseNumber: t.exposeString('caseNumber', { description: 'The case’s public reference.' }),
    case: t.field({
      type: CaseRef,
      nullable: true,
      resolve: (h, _a, ctx) => caseLoaders(ctx).case.load(h.caseId),
    }),
    status: t.field({ type: StateEnum, resolve: (h) => h.status }),
    bureau: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (h, _a, ctx) => ctx.loaders.unit.load(h.bureauUnitId),
    }),
    policeUnit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (h, _a, ctx) => ctx.loaders.unit.load(h.policeUnitId),
    }),
    grounds: t.field({ type: [CrimeGroundRef], resolve: (h) => h.grounds }),
    proposedAt: t.field({ type: 'DateTime', resolve: (h) => h.proposedAt }),
    team: t.stringList({ description: 'The officers who reported (≥ 2).', resolve: (h) => h.team ?? [] }),
    documents: t.field({
      type: [DocumentRef],
      description: 'The transfer package.',
      resolve: (h) => h.documents,
    }),
    missingDocuments: t.field({
      type: [DocumentKindEnum],
      description: 'What the police asked for.',
      resolve: (h) => h.missing ?? [],
    }),
    decisionBasis: t.string({ nullable: true, resolve: (h) => h.decisionBasis ?? null }),
    policeCaseNumber: t.string({ nullable: true, resolve: (h) => h.decision?.policeCaseNumber ?? null }),
    steps: t.field({
      type: [StepRef],
      description: 'Every step, who took it, when.',
      resolve: (h) => [
        { step: 'PROPOSED' as const, at: h.proposedAt, actor: { id: 'system:cases' } },
        ...h.steps,
      ],
    }),
    limits: t.field({
      type: [LimitRef],
      description: 'Every limit, in due order.',
      resolve: (h, _a, ctx) => limitsOf('Handoff', h.id, ctx),
    }),
    openLimits: t.field({
      type: [OpenLimitRef],
      description: 'The limits running now (no extra read).',
      resolve: (h) => h.openLimits,
    }),
    version: t.int({ description: 'Pass as `expectedVersion`.', resolve: (h) => h.version ?? 0 }),
  }),
});

const ParticipantRef = builder.objectRef<Participant>('JointParticipant').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (p, _a, ctx) => ctx.loaders.unit.load(p.unitId),
    }),
  }),
});

builder.node(ConsultationRef, {
  description: 'A consultation (会商) of both agencies on a case: a meeting, or a written question.',
  interfaces: [HasHistoryRef],
  id: { resolve: (c) => c.id, parse: (id) => idParts(id, 'Consultation', 2).join(':') },
  loadMany: async (ids, ctx) =>
    Promise.all(
      ids.map(async (id) => {
        const caseId = id.split(':')[0] as string;
        const visible = await caseLoaders(ctx).case.load(caseId);
        return visible
          ? ((await listConsultations(ctx.store, caseId)).find((c) => c.id === id) ?? null)
          : null;
      }),
    ),
  fields: (t) => ({
    consultationId: t.exposeID('id'),
    kind: t.exposeString('kind', { description: 'MEETING or WRITTEN.' }),
    topic: t.exposeString('topic'),
    participants: t.field({ type: [ParticipantRef], resolve: (c) => c.participants }),
    scheduledAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.scheduledAt ?? null }),
    place: t.exposeString('place', { nullable: true }),
    conclusions: t.exposeString('conclusions', { nullable: true }),
    question: t.exposeString('question', { nullable: true }),
    addressee: t.exposeString('addressee', { nullable: true, description: 'POLICE or PROCURATORATE.' }),
    answer: t.exposeString('answer', { nullable: true }),
    answeredAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.answeredAt ?? null }),
    answerLimit: t.field({
      type: LimitRef,
      nullable: true,
      resolve: async (c, _a, ctx) => (await limitsOf('Consultation', c.id, ctx))[0] ?? null,
    }),
    version: t.exposeInt('version'),
  }),
});

builder.objectFields(CaseRef, (t) => ({
  handoff: t.field({
    type: HandoffRef,
    nullable: true,
    description: 'The hand-off to the police, once a crime is suspected.',
    resolve: (c, _a, ctx) => (c.handoffId ? handoffLoader(ctx).load(c.handoffId) : null),
  }),
  consultations: t.field({
    type: [ConsultationRef],
    resolve: (c, _a, ctx) => listConsultations(ctx.store, c.id),
  }),
}));

JointInspectionRef.implement({
  description: 'A joint police–environment inspection.',
  fields: (t) => ({
    inspectionId: t.exposeID('id'),
    at: t.field({ type: 'DateTime', resolve: (i) => i.at }),
    place: t.exposeString('place'),
    officers: t.field({ type: [ParticipantRef], resolve: (i) => i.officers }),
    findings: t.exposeString('findings'),
  }),
});

const JointInspectionConnection = builder.connectionObject(
  {
    type: JointInspectionRef,
    name: 'JointInspectionConnection',
    fields: (tc) => ({
      totalCount: tc.int({ resolve: (c) => (c as unknown as { count: () => Promise<number> }).count() }),
    }),
  },
  { name: 'JointInspectionEdge' },
);

builder.objectField(TaskRef, 'jointInspections', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: JointInspectionConnection,
    description:
      'Joint police–environment inspections counted on this task (13, 14), newest first. At most 100 a page.',
    args: forwardPageArgs,
    resolve: async (task, args, ctx) => ({
      ...keyPage(
        await listJointInspections(ctx.store, task.id, pageSize(args.first, 'first', 100), args.after),
      ),
      count: () => countJointInspections(ctx.store, task.id),
    }),
  }),
);

const HandoffConnection = builder.connectionObject(
  { type: HandoffRef, name: 'HandoffConnection' },
  { name: 'HandoffEdge' },
);

const FeedEntryRef = builder.objectRef<PoliceFeedEntry>('PoliceFeedEntry').implement({
  fields: (t) => ({
    eventId: t.exposeID('eventId'),
    detailType: t.exposeString('detailType'),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => e.occurredAt }),
    caseNumber: t.exposeString('caseNumber', { nullable: true }),
    handoffId: t.exposeString('handoffId', { nullable: true }),
    data: t.field({ type: 'JSON', resolve: (e) => JSON.parse(e.data) }),
  }),
});
const FeedConnection = builder.connectionObject(
  { type: FeedEntryRef, name: 'PoliceFeedConnection' },
  { name: 'PoliceFeedEdge' },
);

/** The police unit asked for (default: the caller's), if the caller may read it. */
function policeUnitOf(
  ctx: Context & { actor: NonNullable<Context['actor']> },
  arg?: string | number | null,
): string {
  const unit = arg != null ? domainId(arg, 'Unit', 'policeUnitId') : ctx.actor.unitId;
  if (!unit)
    throw new BadUserInputError([
      { field: 'policeUnitId', message: 'your token names no unit: give policeUnitId' },
    ]);
  authorize(ctx.actor, canReadPoliceUnit, unit);
  return unit;
}

builder.queryFields((t) => ({
  handoff: t.withAuth({ authenticated: true }).field({
    type: HandoffRef,
    nullable: true,
    description: 'A hand-off by id; null if it is not yours to see.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => handoffLoader(ctx).load(domainId(id, 'Handoff')),
  }),
  policeQueue: t.withAuth({ authenticated: true }).field({
    type: HandoffConnection,
    description:
      'Hand-offs transferred to a police unit, in transfer order (one query a page). At most 200 a page.',
    args: {
      policeUnitId: t.arg.id({ description: 'Default: your unit.' }),
      ended: t.arg.boolean({
        description: 'FILED or DECLINED_FINAL ones instead of those under way.',
      }),
      ...forwardPageArgs,
    },
    resolve: async (_r, args, ctx) => {
      const unit = policeUnitOf(ctx, args.policeUnitId);
      const page = await listPoliceQueue(
        ctx.store,
        unit,
        !!args.ended,
        pageSize(args.first, 'first', 200),
        args.after,
      );
      for (const h of page.items) handoffLoader(ctx).prime(h.id, h);
      return keyPage(page);
    },
  }),
  policeFeed: t.withAuth({ authenticated: true }).field({
    type: FeedConnection,
    description:
      'Every hand-off event concerning a police unit, oldest first: resume from your last cursor. At most 200 a page.',
    args: { policeUnitId: t.arg.id({ description: 'Default: your unit.' }), ...forwardPageArgs },
    resolve: async (_r, args, ctx) =>
      keyPage(
        await listPoliceFeed(
          ctx.store,
          policeUnitOf(ctx, args.policeUnitId),
          pageSize(args.first, 'first', 200),
          args.after,
        ),
      ),
  }),
}));
