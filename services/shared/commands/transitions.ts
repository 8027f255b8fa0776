/**
 * Guarded state transitions. A context declares its state machine as data — for each action, the states
 * it may start from and where it leads — and every refusal is a CONFLICT with a stable `reason` code
 * (`extensions.reason` in GraphQL), e.g. `OUTFALL_NOT_TRACED`, that clients can switch on.
 */
import { ConflictError } from '../errors.ts';

/** A transition refused by the state machine or by one of its guards. */
export class TransitionRefusedError extends ConflictError {
  constructor(
    readonly reason: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { ...details, reason });
  }
}

export interface TransitionSpec<State extends string> {
  from: readonly State[];
  to: State;
  /** The reason code when the current state is not one of `from`. */
  refused: string;
}

export interface StateMachine<State extends string, Action extends string> {
  readonly entity: string;
  readonly transitions: { readonly [A in Action]: TransitionSpec<State> };
  /** The state `action` leads to from `current`, or a TransitionRefusedError. */
  next(current: State, action: Action, subjectId?: string): State;
  /** The actions allowed from `state`. */
  allowed(state: State): Action[];
}

export function stateMachine<State extends string, Action extends string>(
  entity: string,
  transitions: { readonly [A in Action]: TransitionSpec<State> },
): StateMachine<State, Action> {
  return {
    entity,
    transitions,
    next(current, action, subjectId) {
      const spec = transitions[action];
      if (spec.from.includes(current)) return spec.to;
      throw new TransitionRefusedError(
        spec.refused,
        `${entity}${subjectId ? ` ${subjectId}` : ''} is ${current}: ${action} needs ${spec.from.join(' or ')}`,
        { entity, id: subjectId, state: current, action },
      );
    },
    allowed(state) {
      return (Object.keys(transitions) as Action[]).filter((a) => transitions[a].from.includes(state));
    },
  };
}

/** A guard beyond the state: refuses with `reason` unless `ok`. */
export function guard(
  ok: boolean,
  reason: string,
  message: string,
  details: Record<string, unknown> = {},
): void {
  if (!ok) throw new TransitionRefusedError(reason, message, details);
}
