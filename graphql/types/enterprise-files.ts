/** Enterprise files (一厂一档): the discharger, its permits, outfalls, penalties and cases. */
import { canReadCases } from '../../services/cases/access.ts';
import type { PenaltyRecord, Permit } from '../../services/cases/model.ts';
import {
  dischargerIdsByCreditCode,
  listDischargerCases,
  listDischargers,
} from '../../services/cases/repository.ts';
import { authorize } from '../../services/shared/auth/policy.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { domainId } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { caseLoaders } from './case-loaders.ts';
import { CaseRef, DischargerRef } from './case-refs.ts';
import { OutfallRefRef } from './cases.ts';
import { HasHistoryRef } from './history.ts';
import { MoneyRef } from './money.ts';
import { UnitRef } from './unit.ts';

const PermitRef = builder.objectRef<Permit>('Permit').implement({
  fields: (t) => ({
    number: t.exposeString('number'),
    kind: t.exposeString('kind', {
      description: 'DISCHARGE_PERMIT, REGISTRATION, OUTFALL_APPROVAL or OTHER.',
    }),
    issuedBy: t.exposeString('issuedBy', { nullable: true }),
    validFrom: t.exposeString('validFrom', { nullable: true }),
    validTo: t.exposeString('validTo', { nullable: true }),
  }),
});

const PenaltyRecordRef = builder.objectRef<PenaltyRecord>('PenaltyRecord').implement({
  fields: (t) => ({
    decidedOn: t.exposeString('decidedOn'),
    documentNumber: t.exposeString('documentNumber', { nullable: true }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (p) => p.amountFen ?? null }),
    toxic: t.exposeBoolean('toxic', {
      description: 'For a toxic discharge (the repeat-offence ground counts these).',
    }),
    case: t.field({
      type: CaseRef,
      nullable: true,
      resolve: (p, _a, ctx) => (p.caseId ? caseLoaders(ctx).case.load(p.caseId) : null),
    }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const EnterpriseFileCaseConnectionRef = builder.connectionObject(
  { type: CaseRef, name: 'EnterpriseFileCaseConnection' },
  { name: 'EnterpriseFileCaseEdge' },
);

builder.node(DischargerRef, {
  description: 'The enterprise file (一厂一档) of a water-related discharger.',
  interfaces: [HasHistoryRef],
  id: { resolve: (d) => d.id },
  loadMany: (ids, ctx) =>
    caseLoaders(ctx)
      .discharger.loadMany(ids)
      .then((all) => all.map((d) => (d instanceof Error ? null : d))),
  fields: (t) => ({
    name: t.exposeString('name'),
    creditCode: t.exposeString('creditCode', { nullable: true, description: 'Unified social credit code.' }),
    address: t.exposeString('address'),
    township: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (d, _a, ctx) => (d.townshipUnitId ? ctx.loaders.unit.load(d.townshipUnitId) : null),
    }),
    industry: t.exposeString('industry', { nullable: true }),
    keyDischargeUnit: t.exposeBoolean('keyDischargeUnit', { description: '重点排污单位.' }),
    permits: t.field({ type: [PermitRef], resolve: (d) => d.permits }),
    outfalls: t.field({ type: [OutfallRefRef], resolve: (d) => d.outfalls }),
    penalties: t.field({ type: [PenaltyRecordRef], resolve: (d) => d.penalties }),
    cases: t.field({
      type: EnterpriseFileCaseConnectionRef,
      description: 'Newest first. Page size: default 50, at most 100.',
      args: { ...forwardPageArgs },
      resolve: async (d, args, ctx) => {
        return keyPage(
          await listDischargerCases(ctx.store, d.id, pageSize(args.first, 'first', 100), args.after),
        );
      },
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
    version: t.exposeInt('version'),
  }),
});

const EnterpriseFileConnectionRef = builder.connectionObject(
  { type: DischargerRef, name: 'EnterpriseFileConnection' },
  { name: 'EnterpriseFileEdge' },
);

builder.queryFields((t) => ({
  enterpriseFile: t.withAuth({ authenticated: true }).field({
    type: DischargerRef,
    nullable: true,
    args: {
      id: t.arg.id({ description: 'The file id (global `EnterpriseFile:<id>` or plain).' }),
      creditCode: t.arg.string({ description: 'Or its unified social credit code (18 characters).' }),
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx.actor, canReadCases, caseLoaders(ctx).settings);
      if (args.id) return caseLoaders(ctx).discharger.load(domainId(args.id, 'EnterpriseFile'));
      const code = args.creditCode?.trim().toUpperCase().slice(0, 18);
      if (!code) return null;
      const id = (await dischargerIdsByCreditCode(ctx.store, [code])).get(code);
      return id ? caseLoaders(ctx).discharger.load(id) : null;
    },
  }),
  enterpriseFiles: t.withAuth({ authenticated: true }).field({
    type: EnterpriseFileConnectionRef,
    description: 'Every enterprise file, oldest first. Page size: default 50, at most 200.',
    args: { ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      authorize(ctx.actor, canReadCases, caseLoaders(ctx).settings);
      return keyPage(await listDischargers(ctx.store, pageSize(args.first, 'first', 200), args.after));
    },
  }),
}));
