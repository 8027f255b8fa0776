/**
 * Public accountability, no token needed: closed cases the bureau published and the credit-punishment
 * list. Both read depersonalised copies (services/cases/public-records.ts): no reporter, no officer, no
 * natural person's name, no ID number.
 */
import {
  type CreditPunishmentEntry,
  listCreditPunishments,
  listPublishedCases,
  type PublicParty,
  type PublishedCase,
} from '../../services/cases/public-records.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { SanctionKindEnum } from './case-records.ts';
import { CaseOutcomeEnum, ViolationKindEnum } from './cases.ts';
import { MoneyRef } from './money.ts';

const PublicPartyRef = builder.objectRef<PublicParty>('PublicParty').implement({
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Masked (「某」) when the party may be a natural person.' }),
    creditCode: t.exposeString('creditCode', { nullable: true, description: 'Legal entities only.' }),
    masked: t.exposeBoolean('masked'),
  }),
});

const PublicSanctionRef = builder.objectRef<PublishedCase['sanctions'][number]>('PublicSanction').implement({
  fields: (t) => ({
    kind: t.field({ type: SanctionKindEnum, resolve: (s) => s.kind }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (s) => s.amountFen ?? null }),
    documentNumber: t.exposeString('documentNumber', { nullable: true }),
    decidedOn: t.exposeString('decidedOn'),
  }),
});

const PublishedCaseRef = builder.objectRef<PublishedCase>('PublishedCase').implement({
  description: 'A closed case the bureau published (named and shamed), without personal data.',
  fields: (t) => ({
    caseNumber: t.exposeString('caseNumber'),
    party: t.field({ type: PublicPartyRef, nullable: true, resolve: (c) => c.party ?? null }),
    violationKinds: t.field({ type: [ViolationKindEnum], resolve: (c) => c.violationKinds }),
    sanctions: t.field({ type: [PublicSanctionRef], resolve: (c) => c.sanctions }),
    totalPenalties: t.field({ type: MoneyRef, resolve: (c) => c.totalPenaltiesFen }),
    outfallCodes: t.exposeStringList('outfallCodes'),
    discoveredOn: t.exposeString('discoveredOn'),
    closedAt: t.field({ type: 'DateTime', resolve: (c) => c.closedAt }),
    outcome: t.field({ type: CaseOutcomeEnum, resolve: (c) => c.outcome as never }),
    summary: t.exposeString('summary', { description: 'Written for publication.' }),
  }),
});

const CreditPunishmentRef = builder.objectRef<CreditPunishmentEntry>('CreditPunishment').implement({
  description: 'A discharger under an environmental credit punishment, while it is in force.',
  fields: (t) => ({
    caseNumber: t.exposeString('caseNumber'),
    party: t.field({ type: PublicPartyRef, resolve: (e) => e.party }),
    measure: t.exposeString('measure'),
    decidedOn: t.exposeString('decidedOn'),
  }),
});

const PublishedCaseConnectionRef = builder.connectionObject(
  { type: PublishedCaseRef, name: 'PublishedCaseConnection' },
  { name: 'PublishedCaseEdge' },
);

const CreditPunishmentConnectionRef = builder.connectionObject(
  { type: CreditPunishmentRef, name: 'CreditPunishmentConnection' },
  { name: 'CreditPunishmentEdge' },
);

builder.queryFields((t) => ({
  publishedCases: t.field({
    type: PublishedCaseConnectionRef,
    description:
      'Public: closed cases marked for publication, latest first. Page size: default 50, at most 100.',
    args: { ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      return keyPage(await listPublishedCases(ctx.store, pageSize(args.first, 'first', 100), args.after));
    },
  }),
  creditPunishments: t.field({
    type: CreditPunishmentConnectionRef,
    description: 'Public: the credit-punishment list, latest first. Page size: default 50, at most 100.',
    args: { ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      return keyPage(await listCreditPunishments(ctx.store, pageSize(args.first, 'first', 100), args.after));
    },
  }),
}));
