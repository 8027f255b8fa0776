/**
 * The hand-off workflow, pure: its states and the guarded state machine over them, which side takes each
 * action, which limits an action meets (closes), makes moot (cancels) and starts (opens), what a transfer
 * package must hold, and how a limit's reminder is placed. The commands run this table; nothing here
 * reads the store or the clock.
 */

import type { handoffMachine } from '../cases/status.ts';
import { DAY_MS } from '../shared/clock.ts';
import { guard, stateMachine } from '../shared/commands/transitions.ts';
import type { DeadlineRecord } from '../shared/deadlines/records.ts';
import type { DocumentKind, LimitKey } from './limits.ts';
import type { HandoffDocument } from './model.ts';

export const HANDOFF_STATES = [
  'PROPOSED',
  'REPORTED',
  'APPROVED',
  'WITHDRAWN',
  'TRANSFERRED',
  'RECEIVED',
  'MATERIALS_REQUESTED',
  'UNDER_REVIEW',
  'FILED',
  'DECLINED',
  'RECONSIDERATION_REQUESTED',
  'RECONSIDERATION_UPHELD',
  'UNDER_SUPERVISION',
  'DECLINED_FINAL',
] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];
/** The hand-off has ended: the case may close (its administrative track never waited). */
export const ENDED_STATES: readonly HandoffState[] = ['WITHDRAWN', 'FILED', 'DECLINED_FINAL'];

export const HANDOFF_STEPS = [
  'PROPOSED',
  'REPORTED',
  'APPROVED',
  'REFUSED',
  'TRANSFERRED',
  'RECEIVED',
  'MATERIALS_REQUESTED',
  'MATERIALS_COMPLETED',
  'DECISION_PERIOD_EXTENDED',
  'FILED',
  'DECLINED',
  'DECISION_NOTIFIED',
  'SEIZED_ITEMS_HANDED_OVER',
  'RECONSIDERATION_REQUESTED',
  'RECONSIDERATION_DECIDED',
  'SUPERVISION_REQUESTED',
  'DECLINE_ACCEPTED',
  'PLATFORM_ENTERED',
] as const;
export type HandoffStep = (typeof HANDOFF_STEPS)[number];

/** Who takes an action: a bureau enforcement officer, the bureau's head (the SUPERVISOR role), a police officer. */
export type ActingSide = 'BUREAU' | 'HEAD' | 'POLICE';

export type HandoffAction =
  | 'report'
  | 'approve'
  | 'refuse'
  | 'transfer'
  | 'receive'
  | 'requestMaterials'
  | 'completeMaterials'
  | 'extendDecisionPeriod'
  | 'file'
  | 'decline'
  | 'notifyDecision'
  | 'handOverSeizedItems'
  | 'requestReconsideration'
  | 'reconsiderFile'
  | 'reconsiderUphold'
  | 'requestSupervision'
  | 'acceptDecision'
  | 'enterOnPlatform';

export interface ActionSpec {
  by: ActingSide;
  step: HandoffStep;
  /** Limits (by group) this action meets: closed MET, or LATE after their due instant. */
  closes?: LimitKey[];
  /** Limits it makes moot: closed CANCELLED. */
  cancels?: LimitKey[];
  /** Limits it starts, counted from the action. */
  opens?: LimitKey[];
}

const FILED_OPENS: LimitKey[] = ['writtenNotice', 'seizedItems', 'platformEntry'];
const DECIDING: HandoffState[] = ['RECEIVED', 'UNDER_REVIEW'];

export const ACTIONS: Record<HandoffAction, ActionSpec> = {
  report: { by: 'BUREAU', step: 'REPORTED', closes: ['report'], opens: ['approval'] },
  approve: { by: 'HEAD', step: 'APPROVED', closes: ['approval'], opens: ['transfer', 'platformEntry'] },
  refuse: { by: 'HEAD', step: 'REFUSED', closes: ['approval'], opens: ['platformEntry'] },
  transfer: { by: 'BUREAU', step: 'TRANSFERRED', closes: ['transfer'], opens: ['receipt'] },
  receive: { by: 'POLICE', step: 'RECEIVED', closes: ['receipt'], opens: ['materialsRequest', 'decision'] },
  // The decision is counted again from the completed materials (the police cannot decide without them).
  requestMaterials: {
    by: 'POLICE',
    step: 'MATERIALS_REQUESTED',
    closes: ['materialsRequest'],
    cancels: ['decision'],
    opens: ['materialsCompletion'],
  },
  completeMaterials: {
    by: 'BUREAU',
    step: 'MATERIALS_COMPLETED',
    closes: ['materialsCompletion'],
    opens: ['decision'],
  },
  extendDecisionPeriod: { by: 'POLICE', step: 'DECISION_PERIOD_EXTENDED', cancels: ['decision'] },
  file: {
    by: 'POLICE',
    step: 'FILED',
    closes: ['decision'],
    cancels: ['materialsRequest'],
    opens: FILED_OPENS,
  },
  decline: {
    by: 'POLICE',
    step: 'DECLINED',
    closes: ['decision'],
    cancels: ['materialsRequest'],
    opens: ['writtenNotice', 'platformEntry'],
  },
  notifyDecision: { by: 'POLICE', step: 'DECISION_NOTIFIED', closes: ['writtenNotice'] },
  handOverSeizedItems: { by: 'BUREAU', step: 'SEIZED_ITEMS_HANDED_OVER', closes: ['seizedItems'] },
  requestReconsideration: {
    by: 'BUREAU',
    step: 'RECONSIDERATION_REQUESTED',
    closes: ['reconsiderationRequest'],
    opens: ['reconsiderationDecision'],
  },
  reconsiderFile: {
    by: 'POLICE',
    step: 'RECONSIDERATION_DECIDED',
    closes: ['reconsiderationDecision'],
    opens: FILED_OPENS,
  },
  reconsiderUphold: {
    by: 'POLICE',
    step: 'RECONSIDERATION_DECIDED',
    closes: ['reconsiderationDecision'],
    opens: ['supervisionRequest', 'platformEntry'],
  },
  requestSupervision: { by: 'BUREAU', step: 'SUPERVISION_REQUESTED', closes: ['supervisionRequest'] },
  acceptDecision: {
    by: 'BUREAU',
    step: 'DECLINE_ACCEPTED',
    cancels: ['reconsiderationRequest', 'supervisionRequest'],
  },
  enterOnPlatform: { by: 'BUREAU', step: 'PLATFORM_ENTERED' },
};

/** The state machine over the workflow's states; actions that leave the state as it is are guarded apart. */
export const handoffWorkflow = stateMachine<
  HandoffState,
  Exclude<
    HandoffAction,
    'extendDecisionPeriod' | 'notifyDecision' | 'handOverSeizedItems' | 'enterOnPlatform'
  >
>('Handoff', {
  report: { from: ['PROPOSED'], to: 'REPORTED', refused: 'HANDOFF_NOT_PROPOSED' },
  approve: { from: ['REPORTED'], to: 'APPROVED', refused: 'HANDOFF_NOT_REPORTED' },
  refuse: { from: ['REPORTED'], to: 'WITHDRAWN', refused: 'HANDOFF_NOT_REPORTED' },
  transfer: { from: ['APPROVED'], to: 'TRANSFERRED', refused: 'HANDOFF_NOT_APPROVED' },
  receive: { from: ['TRANSFERRED'], to: 'RECEIVED', refused: 'HANDOFF_NOT_TRANSFERRED' },
  requestMaterials: { from: ['RECEIVED'], to: 'MATERIALS_REQUESTED', refused: 'HANDOFF_NOT_RECEIVED' },
  completeMaterials: { from: ['MATERIALS_REQUESTED'], to: 'UNDER_REVIEW', refused: 'NO_MATERIALS_REQUESTED' },
  file: { from: [...DECIDING, 'UNDER_SUPERVISION'], to: 'FILED', refused: 'HANDOFF_NOT_UNDER_REVIEW' },
  decline: { from: DECIDING, to: 'DECLINED', refused: 'HANDOFF_NOT_UNDER_REVIEW' },
  requestReconsideration: {
    from: ['DECLINED'],
    to: 'RECONSIDERATION_REQUESTED',
    refused: 'HANDOFF_NOT_DECLINED',
  },
  reconsiderFile: { from: ['RECONSIDERATION_REQUESTED'], to: 'FILED', refused: 'NO_RECONSIDERATION_PENDING' },
  reconsiderUphold: {
    from: ['RECONSIDERATION_REQUESTED'],
    to: 'RECONSIDERATION_UPHELD',
    refused: 'NO_RECONSIDERATION_PENDING',
  },
  requestSupervision: {
    from: ['RECONSIDERATION_UPHELD'],
    to: 'UNDER_SUPERVISION',
    refused: 'RECONSIDERATION_NOT_UPHELD',
  },
  acceptDecision: {
    from: ['DECLINED', 'RECONSIDERATION_UPHELD', 'UNDER_SUPERVISION'],
    to: 'DECLINED_FINAL',
    refused: 'HANDOFF_NOT_DECLINED',
  },
});

/** The next state after `action` (unchanged for the steps beside the track), or a CONFLICT with its reason. */
export function nextState(state: HandoffState, action: HandoffAction, id: string): HandoffState {
  if (action === 'extendDecisionPeriod') {
    guard(
      DECIDING.includes(state),
      'HANDOFF_NOT_UNDER_REVIEW',
      `Handoff ${id} is ${state}: no decision is due`,
    );
    return state;
  }
  if (action in handoffWorkflow.transitions) return handoffWorkflow.next(state, action as never, id);
  return state;
}

/** What a new hand-off state does to the case's own hand-off track (services/cases/status.ts). */
export function caseTrackAction(
  state: HandoffState,
): Exclude<Parameters<typeof handoffMachine.next>[1], 'suspectCrime'> | undefined {
  switch (state) {
    case 'TRANSFERRED':
      return 'handOff';
    case 'FILED':
      return 'file';
    case 'DECLINED_FINAL':
      return 'decline';
    case 'WITHDRAWN':
      return 'withdraw';
    default:
      return undefined;
  }
}

/** The documents a transfer package must hold (17号 art. 5), given what the case and the transfer say. */
export function requiredDocuments(
  required: readonly DocumentKind[],
  facts: { itemsSeized: boolean; expertOpinions: boolean; penaltyDecided: boolean },
): DocumentKind[] {
  const kinds = new Set(required);
  if (facts.itemsSeized) kinds.add('SEIZED_ITEMS_LIST');
  if (facts.expertOpinions) kinds.add('EXPERT_OPINIONS');
  if (facts.penaltyDecided) kinds.add('PENALTY_DECISION');
  return [...kinds];
}

/** Refuses a package without every kind named: CONFLICT `reason`, naming the missing kinds. */
export function guardDocuments(
  documents: readonly HandoffDocument[],
  kinds: readonly DocumentKind[],
  reason: string,
): void {
  const present = new Set(documents.map((d) => d.kind));
  const missing = kinds.filter((k) => !present.has(k));
  guard(missing.length === 0, reason, `Missing documents: ${missing.join(', ')}`, { missing });
}

/** The record's name for the next limit of a group: `decision`, then `decision-2`, … (the timeline keeps each). */
export function nextLimitName(records: readonly DeadlineRecord[], group: LimitKey): string {
  const n = records.filter((r) => r.context?.group === group).length;
  return n === 0 ? group : `${group}-${n + 1}`;
}

/** The open record of a group (the earliest due when several are open, e.g. platform entries). */
export function openRecord(records: readonly DeadlineRecord[], group: LimitKey): DeadlineRecord | undefined {
  return records.find((r) => !r.closedAt && r.context?.group === group);
}

/**
 * When a limit's reminder goes out: at half its period, but never more than a day before the due
 * instant (a 24-hour limit is reminded 12 hours before, a 3-day or longer one a day before).
 */
export function reminderOffsetMs(startedAt: Date, dueAt: Date): number {
  return -Math.min((dueAt.getTime() - startedAt.getTime()) / 2, DAY_MS);
}
