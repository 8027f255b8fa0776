/**
 * The case's two tracks, each a guarded state machine. The administrative track runs from discovery
 * to closure; the hand-off track starts when a crime is suspected and is carried on by the police
 * hand-off. They are separate because DOMAIN.md §3 keeps the administrative orders running during a
 * transfer: a case can be RECTIFYING (correction order, daily penalties) and CRIME_SUSPECTED at once.
 */
import { guard, stateMachine } from '../shared/commands/transitions.ts';

export const CASE_STATUSES = ['OPEN', 'INVESTIGATING', 'PENALTY_DECIDED', 'RECTIFYING', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'OPEN',
  'INVESTIGATING',
  'PENALTY_DECIDED',
  'RECTIFYING',
];

export const caseMachine = stateMachine<
  CaseStatus,
  | 'startInvestigation'
  | 'decidePenalty'
  | 'serveCorrectionOrder'
  | 'recordReinspection'
  | 'reportRecurrence'
  | 'dismiss'
  | 'close'
>('Case', {
  startInvestigation: { from: ['OPEN'], to: 'INVESTIGATING', refused: 'CASE_NOT_OPEN' },
  decidePenalty: { from: ['INVESTIGATING'], to: 'PENALTY_DECIDED', refused: 'CASE_NOT_INVESTIGATING' },
  serveCorrectionOrder: {
    from: ['PENALTY_DECIDED', 'RECTIFYING'],
    to: 'RECTIFYING',
    refused: 'PENALTY_NOT_DECIDED',
  },
  recordReinspection: { from: ['RECTIFYING'], to: 'RECTIFYING', refused: 'CASE_NOT_RECTIFYING' },
  /** A corrected violation found again: a new penalty decision (and a new cycle) is needed. */
  reportRecurrence: { from: ['RECTIFYING'], to: 'INVESTIGATING', refused: 'CASE_NOT_RECTIFYING' },
  /** Closed without a penalty: no violation established. */
  dismiss: { from: ['OPEN', 'INVESTIGATING'], to: 'CLOSED', refused: 'CASE_ALREADY_DECIDED' },
  close: { from: ['PENALTY_DECIDED', 'RECTIFYING'], to: 'CLOSED', refused: 'PENALTY_NOT_DECIDED' },
});

/**
 * The hand-off track. This context takes a case to CRIME_SUSPECTED (with a proposed hand-off); the police
 * hand-off (services/handoffs) moves it on: HANDED_OFF once transferred, and to an end — FILED by the
 * police, DECLINED for good, or WITHDRAWN when the bureau's head refused the transfer.
 */
export const HANDOFF_STATUSES = [
  'NONE',
  'CRIME_SUSPECTED',
  'HANDED_OFF',
  'FILED',
  'DECLINED',
  'WITHDRAWN',
] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];
/** While the hand-off is under way the case cannot close (HANDOFF_PENDING); once it has ended it can. */
export const HANDOFF_PENDING_STATUSES: readonly HandoffStatus[] = ['CRIME_SUSPECTED', 'HANDED_OFF'];

export const handoffMachine = stateMachine<
  HandoffStatus,
  'suspectCrime' | 'handOff' | 'file' | 'decline' | 'withdraw'
>('Case hand-off', {
  suspectCrime: { from: ['NONE'], to: 'CRIME_SUSPECTED', refused: 'CRIME_ALREADY_SUSPECTED' },
  handOff: { from: ['CRIME_SUSPECTED'], to: 'HANDED_OFF', refused: 'CRIME_NOT_SUSPECTED' },
  file: { from: ['HANDED_OFF'], to: 'FILED', refused: 'CASE_NOT_HANDED_OFF' },
  decline: { from: ['HANDED_OFF'], to: 'DECLINED', refused: 'CASE_NOT_HANDED_OFF' },
  withdraw: { from: ['CRIME_SUSPECTED'], to: 'WITHDRAWN', refused: 'CRIME_NOT_SUSPECTED' },
});

/** Case statuses in which a met ground makes the crime suspected: from the investigation on. */
export const SUSPICION_STATUSES: readonly CaseStatus[] = ['INVESTIGATING', 'PENALTY_DECIDED', 'RECTIFYING'];

/** Refuses changes to the record of a closed case. */
export function guardNotClosed(status: CaseStatus, caseId: string): void {
  guard(status !== 'CLOSED', 'CASE_CLOSED', `Case ${caseId} is closed`);
}

/** Sanctions other than the penalty decision itself follow it. */
export function guardPenaltyDecided(status: CaseStatus, caseId: string): void {
  guard(
    status === 'PENALTY_DECIDED' || status === 'RECTIFYING',
    'PENALTY_NOT_DECIDED',
    `Case ${caseId} is ${status}: sanctions follow the penalty decision`,
  );
}
