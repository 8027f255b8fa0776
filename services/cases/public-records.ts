/**
 * Public accountability: closed cases the bureau marks for publication, and the credit-punishment list,
 * kept as separate depersonalised copies so a public read can never reach a field it should not. They
 * hold no complainant, no officer, no natural person's name and no ID number: an individual business
 * (credit code 92…) or a party without a credit code may be a natural person, so its name is masked
 * (「张某」-style: the first character and 某) and no code is shown.
 */
import type { Store } from '../shared/store/client.ts';
import type { Item } from '../shared/store/codec.ts';
import { strip } from '../shared/store/items.ts';
import { type Key, keys } from '../shared/store/keys.ts';
import { type Page, queryPage } from '../shared/store/query.ts';
import { isIndividualBusinessCode } from './credit-code.ts';
import type { EnforcementCase, PartyRef, Sanction, SanctionKind } from './model.ts';
import type { ViolationKind } from './violations.ts';

export interface PublicParty {
  name: string;
  /** Only for legal entities. */
  creditCode?: string;
  masked: boolean;
}

export interface PublishedCase {
  caseId: string;
  caseNumber: string;
  bureauUnitId: string;
  party?: PublicParty;
  violationKinds: ViolationKind[];
  sanctions: { kind: SanctionKind; amountFen?: number; documentNumber?: string; decidedOn: string }[];
  /** Fines and daily penalties decided, in fen. */
  totalPenaltiesFen: number;
  outfallCodes: string[];
  discoveredOn: string;
  closedAt: string;
  outcome: string;
  summary: string;
}

export interface CreditPunishmentEntry {
  sanctionId: string;
  caseId: string;
  caseNumber: string;
  bureauUnitId: string;
  party: PublicParty;
  measure: string;
  decidedAt: string;
  decidedOn: string;
}

export function publicParty(party: PartyRef): PublicParty {
  const legalEntity = !!party.creditCode && !isIndividualBusinessCode(party.creditCode);
  if (legalEntity) return { name: party.name, creditCode: party.creditCode, masked: false };
  return { name: `${Array.from(party.name)[0] ?? ''}某`, masked: true };
}

export function publishedCase(
  c: EnforcementCase,
  sanctions: readonly Sanction[],
  summary: string,
  localDateOf: (instant: string) => string,
): PublishedCase {
  const decided = sanctions.filter((s) => s.status === 'IN_FORCE' || s.status === 'LIFTED');
  return {
    caseId: c.id,
    caseNumber: c.number,
    bureauUnitId: c.bureauUnitId,
    party: c.party && publicParty(c.party),
    violationKinds: [...new Set(c.violations.map((v) => v.kind))],
    sanctions: decided.map((s) => ({
      kind: s.kind,
      amountFen: s.amountFen,
      documentNumber: s.documentNumber,
      decidedOn: localDateOf(s.decidedAt),
    })),
    totalPenaltiesFen: decided.reduce((sum, s) => sum + (s.amountFen ?? 0), 0),
    outfallCodes: c.outfalls.flatMap((o) => (o.code ? [o.code] : [])),
    discoveredOn: c.discoveredOn,
    closedAt: c.closedAt as string,
    outcome: c.outcome as string,
    summary,
  };
}

export function publishedCaseItem(record: PublishedCase): Item & Key {
  return { ...keys.publishedCase(record.closedAt, record.caseId), itemType: 'PublishedCase', ...record };
}

export function creditPunishmentItem(entry: CreditPunishmentEntry): Item & Key {
  return {
    ...keys.creditPunishment(entry.decidedAt, entry.sanctionId),
    itemType: 'CreditPunishment',
    ...entry,
  };
}

/** Published cases, most recently closed first. */
export async function listPublishedCases(
  store: Store,
  first: number,
  after?: string | null,
): Promise<Page<PublishedCase>> {
  const page = await queryPage(
    store,
    { partition: keys.publishedCase.partition(), descending: true },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<PublishedCase>(item as Item)) };
}

/** The credit-punishment list, most recent first. */
export async function listCreditPunishments(
  store: Store,
  first: number,
  after?: string | null,
): Promise<Page<CreditPunishmentEntry>> {
  const page = await queryPage(
    store,
    { partition: keys.creditPunishment.partition(), descending: true },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<CreditPunishmentEntry>(item as Item)) };
}
