/**
 * Opening a case, whoever opens it (an officer, a complaint, the outfall-exceedance handler): its number
 * from the bureau's yearly counter (conditioned on the number read, so two openings never share one),
 * the case item on its bureau's open list, the bureau's counts, the audit entry and `CaseOpened`, all in
 * the caller's unit of work. The grounds are evaluated at once (shown on the case); a crime is suspected
 * only once the investigation starts.
 */
import { cases as events } from '../events/catalog/index.ts';
import type { Actor } from '../shared/auth/principal.ts';
import { StaleVersionError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { Store } from '../shared/store/client.ts';
import { getItem } from '../shared/store/items.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { localDate } from '../shared/time/offset.ts';
import type { DistrictTime } from '../shared/time/zone.ts';
import { crimeGroundsMet } from './crime-grounds.ts';
import { crimeFactsOf } from './crime-suspicion.ts';
import type {
  CaseSourceRecord,
  Discharger,
  EnforcementCase,
  OutfallRef,
  PartyRef,
  Sample,
  Violation,
} from './model.ts';
import { caseItem, countAttribute, sampleItem } from './repository.ts';
import type { CasesSettings } from './settings.ts';

export interface NewCase {
  bureauUnitId: string;
  title: string;
  source: CaseSourceRecord;
  party?: PartyRef;
  candidates?: PartyRef[];
  outfalls: OutfallRef[];
  townshipUnitId?: string;
  discoveredAt: Date;
  violations?: Violation[];
  /** Samples that come with the case (an outfall event's), without their case id yet. */
  samples?: Omit<Sample, 'id' | 'caseId'>[];
  note?: string;
}

export interface CaseNumbering {
  year: string;
  last: number;
}

/** Reads the bureau's counter for the year of `at` (strongly consistent). */
export async function readCaseNumbering(
  store: Store,
  bureauUnitId: string,
  at: Date,
  time: DistrictTime,
): Promise<CaseNumbering> {
  const year = localDate(at, time.timeZone).slice(0, 4);
  const counter = await getItem<{ last?: number }>(store, keys.caseCounter(bureauUnitId, year));
  return { year, last: counter?.last ?? 0 };
}

/** Adds the new case to the unit of work and returns it. */
export function addNewCase(
  work: UnitOfWork,
  spec: NewCase,
  numbering: CaseNumbering,
  context: { actor: Actor; settings: CasesSettings; time: DistrictTime; discharger?: Discharger },
): EnforcementCase {
  const now = work.context.now.toISOString();
  const id = newId(work.context.now);
  const seq = numbering.last + 1;
  const number = `${spec.bureauUnitId}-${numbering.year}-${String(seq).padStart(4, '0')}`;
  const samples: Sample[] = (spec.samples ?? []).map((s) => ({
    ...s,
    id: `${id}:${newId(work.context.now)}`,
    caseId: id,
  }));
  const record: EnforcementCase = {
    id,
    number,
    bureauUnitId: spec.bureauUnitId,
    title: spec.title,
    status: 'OPEN',
    handoffStatus: 'NONE',
    source: spec.source,
    party: spec.party,
    candidates: spec.candidates ?? [],
    outfalls: spec.outfalls,
    townshipUnitId: spec.townshipUnitId,
    discoveredAt: spec.discoveredAt.toISOString(),
    discoveredOn: localDate(spec.discoveredAt, context.time.timeZone),
    violations: spec.violations ?? [],
    facts: {},
    crimeGrounds: [],
    penaltyCycles: [],
    openedAt: now,
    openedBy: context.actor.id,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  record.crimeGrounds = crimeGroundsMet(
    crimeFactsOf({ case: record, samples, evidence: [], sanctions: [] }, context.discharger),
    context.settings.crimeGrounds,
  );
  work.update(
    keys.caseCounter(spec.bureauUnitId, numbering.year),
    new Update().setAll({ itemType: 'CaseCounter', last: seq }),
    {
      expression: 'attribute_not_exists(PK) OR #last = :readLast',
      names: { '#last': 'last' },
      values: { ':readLast': numbering.last },
      onFailed: () =>
        new StaleVersionError('CaseCounter', `${spec.bureauUnitId}/${numbering.year}`, numbering.last),
    },
  );
  work.put(caseItem(record), { expression: 'attribute_not_exists(PK)' });
  for (const sample of samples) work.put(sampleItem(sample));
  work.update(keys.caseStats(spec.bureauUnitId), new Update().increment(countAttribute('OPEN'), 1));
  work.audit({
    entityType: 'Case',
    entityId: id,
    action: 'OPEN',
    summary: `Opened case ${number} (${spec.source.kind}): ${spec.title}${spec.note ? ` — ${spec.note}` : ''}`,
    changes: { source: spec.source, party: spec.party, outfalls: spec.outfalls },
  });
  work.emit(events.CaseOpened, {
    caseId: id,
    caseNumber: number,
    bureauUnitId: spec.bureauUnitId,
    title: spec.title,
    source: {
      kind: spec.source.kind,
      complaintId: spec.source.complaintId,
      eventId: spec.source.eventId,
      sampleId: spec.source.sampleId,
    },
    party: spec.party,
    candidates: record.candidates,
    outfalls: spec.outfalls,
    discoveredAt: record.discoveredAt,
  });
  return record;
}
