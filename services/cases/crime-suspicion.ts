/**
 * Crime suspicion as a step of any change to a case: the grounds are evaluated on the case as it will
 * be, stored on it, and — the first time any is met once the investigation has started — the case's
 * hand-off track moves to CRIME_SUSPECTED, a hand-off is proposed (an item the police hand-off carries
 * on) and `CaseCrimeSuspected` is emitted, all in the change's own transaction.
 */
import { cases as events } from '../events/catalog/index.ts';
import { newId } from '../shared/ids.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { type CrimeFacts, crimeGroundsMet } from './crime-grounds.ts';
import type { CaseAggregate, Discharger, HandoffProposal } from './model.ts';
import { childId, handoffItem } from './repository.ts';
import type { CasesSettings } from './settings.ts';
import { handoffMachine, SUSPICION_STATUSES } from './status.ts';

/** What the grounds read, from the case, its samples and its enterprise file. */
export function crimeFactsOf(aggregate: CaseAggregate, discharger?: Discharger): CrimeFacts {
  const c = aggregate.case;
  return {
    caseId: c.id,
    actOn: c.discoveredOn,
    samples: aggregate.samples.map((s) => ({ id: s.id, results: s.results })),
    violations: c.violations,
    facts: c.facts,
    discharger: discharger && {
      keyDischargeUnit: discharger.keyDischargeUnit,
      penalties: discharger.penalties,
    },
  };
}

/** Re-evaluates the grounds on the draft; proposes the hand-off when a crime becomes suspected. */
export function reviewCrimeGrounds(
  work: UnitOfWork,
  draft: CaseAggregate,
  discharger: Discharger | undefined,
  settings: CasesSettings,
): HandoffProposal | undefined {
  const c = draft.case;
  if (c.status === 'CLOSED') return undefined;
  c.crimeGrounds = crimeGroundsMet(crimeFactsOf(draft, discharger), settings.crimeGrounds);
  if (c.crimeGrounds.length === 0 || c.handoffStatus !== 'NONE' || !SUSPICION_STATUSES.includes(c.status)) {
    return undefined;
  }
  const now = work.context.now.toISOString();
  c.handoffStatus = handoffMachine.next(c.handoffStatus, 'suspectCrime', c.id);
  const proposal: HandoffProposal = {
    id: childId(c.id, newId(work.context.now)),
    caseId: c.id,
    caseNumber: c.number,
    bureauUnitId: c.bureauUnitId,
    policeUnitId: settings.policeUnitId,
    status: 'PROPOSED',
    grounds: c.crimeGrounds,
    proposedAt: now,
  };
  c.crimeSuspectedAt = now;
  c.handoffId = proposal.id;
  draft.handoff = proposal;
  work.put(handoffItem(proposal), { expression: 'attribute_not_exists(PK)' });
  work.audit({
    entityType: 'Case',
    entityId: c.id,
    action: 'CRIME_SUSPECTED',
    summary: `Crime suspected on ${c.crimeGrounds.length} ground(s): ${c.crimeGrounds.map((g) => g.code).join(', ')}; hand-off to ${settings.policeUnitId} proposed`,
    changes: { grounds: c.crimeGrounds.map((g) => g.code), handoffId: proposal.id },
  });
  work.emit(events.CaseCrimeSuspected, {
    caseId: c.id,
    caseNumber: c.number,
    bureauUnitId: c.bureauUnitId,
    party: c.party,
    outfalls: c.outfalls,
    grounds: c.crimeGrounds,
    caseStatus: c.status,
    handoff: {
      handoffId: proposal.id,
      status: 'PROPOSED',
      policeUnitId: proposal.policeUnitId,
      proposedAt: now,
    },
    supervisorUnitId: settings.supervisorUnitId,
  });
  return proposal;
}
