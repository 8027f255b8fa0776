/**
 * The 查测溯治 lifecycle of an outfall as a guarded state machine (kernel `stateMachine`):
 * IDENTIFIED → MONITORED (a sample) → TRACED (every source identified) → REMEDIATION_PLANNED (一口一策)
 * → REMEDIATED → RETAINED | SEALED | MERGED. Tracing and planning may be repeated while at that stage
 * (a later finding refines them). Pure.
 */
import { stateMachine, TransitionRefusedError } from '../shared/commands/transitions.ts';

export const OUTFALL_STATES = [
  'IDENTIFIED',
  'MONITORED',
  'TRACED',
  'REMEDIATION_PLANNED',
  'REMEDIATED',
  'RETAINED',
  'SEALED',
  'MERGED',
] as const;
export type OutfallState = (typeof OUTFALL_STATES)[number];

export const END_STATES: readonly OutfallState[] = ['RETAINED', 'SEALED', 'MERGED'];

export function isEnded(state: OutfallState): boolean {
  return END_STATES.includes(state);
}

export const REMEDIATION_MEASURES = [
  'ABOLISH_SEAL',
  'MERGE_CONNECT',
  'REGULARISE_RETAIN',
  'GATE_CONTROL',
] as const;
export type RemediationMeasure = (typeof REMEDIATION_MEASURES)[number];

export const outfallMachine = stateMachine<
  OutfallState,
  'MONITOR' | 'TRACE' | 'PLAN' | 'REMEDIATE' | 'RETAIN' | 'SEAL' | 'MERGE'
>('Outfall', {
  MONITOR: { from: ['IDENTIFIED'], to: 'MONITORED', refused: 'OUTFALL_ALREADY_MONITORED' },
  TRACE: { from: ['MONITORED', 'TRACED'], to: 'TRACED', refused: 'OUTFALL_NOT_MONITORED' },
  PLAN: { from: ['TRACED', 'REMEDIATION_PLANNED'], to: 'REMEDIATION_PLANNED', refused: 'OUTFALL_NOT_TRACED' },
  REMEDIATE: { from: ['REMEDIATION_PLANNED'], to: 'REMEDIATED', refused: 'OUTFALL_NOT_PLANNED' },
  RETAIN: { from: ['REMEDIATED'], to: 'RETAINED', refused: 'OUTFALL_NOT_REMEDIATED' },
  SEAL: { from: ['REMEDIATED'], to: 'SEALED', refused: 'OUTFALL_NOT_REMEDIATED' },
  MERGE: { from: ['REMEDIATED'], to: 'MERGED', refused: 'OUTFALL_NOT_REMEDIATED' },
});
export type OutfallAction = keyof typeof outfallMachine.transitions;

const RANK = Object.fromEntries(OUTFALL_STATES.map((s, i) => [s, i])) as Record<OutfallState, number>;

/**
 * The state `action` leads to. An outfall in an end state refuses everything (OUTFALL_CLOSED); one past
 * the stage an action belongs to refuses it as OUTFALL_STAGE_PASSED, so a client can tell "too early"
 * (the machine's own reason, e.g. OUTFALL_NOT_TRACED) from "too late".
 */
export function nextState(current: OutfallState, action: OutfallAction, outfallId?: string): OutfallState {
  const spec = outfallMachine.transitions[action];
  const details = { entity: 'Outfall', id: outfallId, state: current, action };
  if (isEnded(current)) {
    throw new TransitionRefusedError(
      'OUTFALL_CLOSED',
      `Outfall ${outfallId ?? ''} is ${current}: closed`,
      details,
    );
  }
  if (!spec.from.includes(current) && RANK[current] > Math.max(...spec.from.map((s) => RANK[s]))) {
    throw new TransitionRefusedError(
      'OUTFALL_STAGE_PASSED',
      `Outfall ${outfallId ?? ''} is ${current}: past the stage of ${action}`,
      details,
    );
  }
  return outfallMachine.next(current, action, outfallId);
}

/** Which end states a remediation measure allows. */
export const END_STATE_OF_MEASURE: Readonly<Record<RemediationMeasure, OutfallState>> = {
  ABOLISH_SEAL: 'SEALED',
  MERGE_CONNECT: 'MERGED',
  REGULARISE_RETAIN: 'RETAINED',
  GATE_CONTROL: 'RETAINED',
};
