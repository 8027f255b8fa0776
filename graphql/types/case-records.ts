/** What a case holds: samples, evidence (with its custody history) and sanctions. */

import {
  EVIDENCE_KINDS,
  SANCTION_KINDS,
  SANCTION_STATUSES,
  type Sanction,
} from '../../services/cases/model.ts';
import { parameterSymbol } from '../../services/cases/parameters.ts';
import { builder } from '../builder.ts';
import { caseLoaders } from './case-loaders.ts';
import { CaseRef, EvidenceRef, SampleRef, SanctionRef } from './case-refs.ts';
import { ActorSummaryRef, HasHistoryRef } from './history.ts';
import { MoneyRef } from './money.ts';

export const EvidenceKindEnum = builder.enumType('EvidenceKind', { values: EVIDENCE_KINDS });
export const SanctionKindEnum = builder.enumType('SanctionKind', { values: SANCTION_KINDS });
const SanctionStatusEnum = builder.enumType('SanctionStatus', { values: SANCTION_STATUSES });

const SampleResultRef = builder
  .objectRef<{ parameter: string; value: number; limit: number; unit: string }>('SampleResult')
  .implement({
    fields: (t) => ({
      parameter: t.exposeString('parameter', { description: 'As recorded, e.g. 总镉 or Cd.' }),
      symbol: t.string({
        description: 'The heavy metal’s symbol when it is one.',
        resolve: (r) => parameterSymbol(r.parameter),
      }),
      value: t.exposeFloat('value'),
      limit: t.exposeFloat('limit', { description: 'The applicable emission standard.' }),
      unit: t.exposeString('unit'),
      multiple: t.float({ description: 'value / limit.', resolve: (r) => r.value / r.limit }),
    }),
  });

SampleRef.implement({
  description: 'A sample taken for a case, each parameter with the limit that applies.',
  fields: (t) => ({
    id: t.exposeID('id'),
    sampledAt: t.field({ type: 'DateTime', resolve: (s) => s.sampledAt }),
    outfallId: t.exposeID('outfallId', { nullable: true }),
    location: t.exposeString('location', { nullable: true }),
    laboratory: t.exposeString('laboratory', { nullable: true }),
    reportNumber: t.exposeString('reportNumber', { nullable: true }),
    results: t.field({ type: [SampleResultRef], resolve: (s) => s.results }),
    recordedAt: t.field({ type: 'DateTime', resolve: (s) => s.recordedAt }),
    sourceEventId: t.exposeString('sourceEventId', {
      nullable: true,
      description: 'The OutfallExceedanceDetected event it came from.',
    }),
  }),
});

builder.node(EvidenceRef, {
  description:
    'An evidence item: never edited or deleted, only superseded with a reason; its history is its chain of custody.',
  interfaces: [HasHistoryRef],
  id: { resolve: (e) => e.id },
  loadMany: (ids, ctx) =>
    caseLoaders(ctx)
      .evidence.loadMany(ids)
      .then((found) => found.map((e) => (e instanceof Error ? null : e))),
  fields: (t) => ({
    case: t.field({
      type: CaseRef,
      nullable: true,
      resolve: (e, _a, ctx) => caseLoaders(ctx).case.load(e.caseId),
    }),
    kind: t.field({ type: EvidenceKindEnum, resolve: (e) => e.kind }),
    description: t.exposeString('description'),
    takenBy: t.exposeString('takenBy'),
    takenAt: t.field({ type: 'DateTime', resolve: (e) => e.takenAt }),
    fileRef: t.exposeString('fileRef', {
      description: 'Where the file is kept; Clearwater keeps only its hash.',
    }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the content, recorded when it was added.' }),
    sizeBytes: t.exposeInt('sizeBytes', { nullable: true }),
    addedAt: t.field({ type: 'DateTime', resolve: (e) => e.addedAt }),
    addedBy: t.field({ type: ActorSummaryRef, resolve: (e) => e.addedBy }),
    superseded: t.boolean({ resolve: (e) => !!e.supersededAt }),
    supersededAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.supersededAt ?? null }),
    supersedeReason: t.exposeString('supersedeReason', { nullable: true }),
    supersededBy: t.field({
      type: EvidenceRef,
      nullable: true,
      resolve: (e, _a, ctx) => (e.supersededBy ? caseLoaders(ctx).evidence.load(e.supersededBy) : null),
    }),
    supersedes: t.field({
      type: EvidenceRef,
      nullable: true,
      resolve: (e, _a, ctx) => (e.supersedes ? caseLoaders(ctx).evidence.load(e.supersedes) : null),
    }),
  }),
});

const ApprovalRef = builder.objectRef<NonNullable<Sanction['approval']>>('ClosureApproval').implement({
  fields: (t) => ({
    decision: t.exposeString('decision'),
    by: t.exposeString('by'),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    reason: t.exposeString('reason'),
  }),
});

SanctionRef.implement({
  description:
    'A sanction: fine, correction order, daily penalty, or a measure imposed after the penalty decision.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: SanctionKindEnum, resolve: (s) => s.kind }),
    status: t.field({ type: SanctionStatusEnum, resolve: (s) => s.status }),
    decidedAt: t.field({ type: 'DateTime', resolve: (s) => s.decidedAt }),
    documentNumber: t.exposeString('documentNumber', { nullable: true }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (s) => s.amountFen ?? null }),
    days: t.exposeInt('days', { nullable: true, description: 'DAILY_PENALTY: the days counted.' }),
    from: t.exposeString('from', {
      nullable: true,
      description: 'DAILY_PENALTY: first day counted (YYYY-MM-DD).',
    }),
    to: t.exposeString('to', { nullable: true, description: 'DAILY_PENALTY: last day counted.' }),
    cycleNumber: t.exposeInt('cycleNumber', { nullable: true }),
    effectiveFrom: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.effectiveFrom ?? null }),
    stopsDischarge: t.exposeBoolean('stopsDischarge', { nullable: true }),
    liftedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.liftedAt ?? null }),
    liftReason: t.exposeString('liftReason', { nullable: true }),
    measure: t.exposeString('measure', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    approval: t.field({ type: ApprovalRef, nullable: true, resolve: (s) => s.approval ?? null }),
  }),
});
