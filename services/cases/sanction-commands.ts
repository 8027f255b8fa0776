/**
 * Sanctions: the penalty decision (the fine, and the original amount of any daily penalty), measures
 * imposed after it — production restriction, suspension, seal-up, credit punishment, closure, ban —
 * their lifting, and the supervisor's decision on a closure (责令关闭, which needs the approval of the
 * government with authority and takes effect only when approved).
 */
import { cases as events } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import { type Caller, type CommandDeps, parse } from '../shared/commands/kit.ts';
import { guard } from '../shared/commands/transitions.ts';
import { BadUserInputError, NotFoundError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { keys } from '../shared/store/keys.ts';
import { localDate } from '../shared/time/offset.ts';
import { canDecideClosure } from './access.ts';
import { ref } from './case-commands.ts';
import { CASE, type CaseChange, changeCase } from './change.ts';
import { involvesToxicSubstances } from './crime-grounds.ts';
import { crimeFactsOf } from './crime-suspicion.ts';
import { recordCasePenalty } from './discharger-commands.ts';
import { DecideClosureInput, DecidePenaltyInput, ImposeSanctionInput, LiftSanctionInput } from './inputs.ts';
import { pastInstant } from './instants.ts';
import type { EnforcementCase, Sanction } from './model.ts';
import { creditPunishmentItem, publicParty } from './public-records.ts';
import { childId, parseChildId, sanctionItem } from './repository.ts';
import { caseMachine, guardNotClosed, guardPenaltyDecided } from './status.ts';

export async function decidePenalty(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EnforcementCase> {
  const input = parse(DecidePenaltyInput, raw);
  const { case: result } = await changeCase(deps, caller, input, (change) => {
    const { draft, work, time } = change;
    const c = draft.case;
    c.status = caseMachine.next(c.status, 'decidePenalty', c.id);
    guard(
      !!c.party,
      'PARTY_NOT_IDENTIFIED',
      `Case ${c.id} has no identified party to decide a penalty against`,
    );
    guard(c.violations.length > 0, 'NO_VIOLATION_RECORDED', `Case ${c.id} has no violation recorded`);
    const decidedAt = pastInstant(input.decidedAt, work.context.now, 'input.decidedAt');
    const decidedOn = localDate(decidedAt, time.timeZone);
    const sanction = addSanction(change, {
      kind: 'FINE',
      status: 'IN_FORCE',
      decidedAt: decidedAt.toISOString(),
      documentNumber: input.decisionNumber,
      amountFen: input.fineYuan,
      note: input.note,
    });
    c.fine = {
      amountFen: input.fineYuan,
      decisionNumber: input.decisionNumber,
      decidedAt: decidedAt.toISOString(),
      decidedOn,
      sanctionId: sanction.id,
    };
    if (change.discharger) {
      recordCasePenalty(work, change.discharger, {
        decidedOn,
        documentNumber: input.decisionNumber,
        amountFen: input.fineYuan,
        toxic: involvesToxicSubstances(crimeFactsOf(draft, change.discharger), change.settings.crimeGrounds),
        caseId: c.id,
      });
    }
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'DECIDE_PENALTY',
      summary: `Penalty decision ${input.decisionNumber}: fine of ${input.fineYuan} fen`,
      changes: { fine: c.fine },
    });
    work.emit(events.CasePenaltyDecided, {
      ...ref(c),
      sanctionId: sanction.id,
      decisionNumber: input.decisionNumber,
      fineFen: input.fineYuan,
      decidedAt: c.fine.decidedAt,
      party: c.party as NonNullable<EnforcementCase['party']>,
    });
  });
  return result;
}

/** Adds a sanction item to the change (and to the draft's list). */
export function addSanction(
  { draft, work, time }: CaseChange,
  fields: Omit<Sanction, 'id' | 'caseId' | 'decidedBy'>,
): Sanction {
  const sanction: Sanction = {
    id: childId(draft.case.id, newId(work.context.now)),
    caseId: draft.case.id,
    decidedBy: work.context.actor.id,
    ...fields,
    effectiveOn: fields.effectiveFrom ? localDate(new Date(fields.effectiveFrom), time.timeZone) : undefined,
  };
  draft.sanctions.push(sanction);
  work.put(sanctionItem(sanction), { expression: 'attribute_not_exists(PK)' });
  return sanction;
}

/** Writes a changed sanction (its item is replaced as a whole, conditioned on existing). */
function saveSanction({ work }: CaseChange, sanction: Sanction): void {
  work.put(sanctionItem(sanction), { expression: 'attribute_exists(PK)' });
}

const STOPS_BY_DEFAULT = new Set(['SUSPENSION', 'SEAL_UP', 'CLOSURE', 'BAN']);

export async function imposeSanction(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Sanction> {
  const input = parse(ImposeSanctionInput, raw);
  const { result } = await changeCase(deps, caller, input, (change) => {
    const { draft, work, settings } = change;
    const c = draft.case;
    guardNotClosed(c.status, c.id);
    guardPenaltyDecided(c.status, c.id);
    if (input.kind === 'CREDIT_PUNISHMENT') {
      if (input.stopsDischarge !== undefined)
        throw new BadUserInputError([
          { field: 'input.stopsDischarge', message: 'a credit punishment stops no discharge' },
        ]);
      if (!input.measure)
        throw new BadUserInputError([
          { field: 'input.measure', message: 'name the credit punishment measure' },
        ]);
    }
    if (input.kind === 'BAN') {
      guard(
        c.violations.some((v) => v.kind === 'SCATTERED_POLLUTING_ENTERPRISE'),
        'BAN_NEEDS_SCATTERED_ENTERPRISE',
        'A ban (取缔) is for a scattered polluting enterprise (散乱污): record that violation first',
      );
    }
    const effectiveFrom = pastInstant(
      input.effectiveFrom,
      work.context.now,
      'input.effectiveFrom',
    ).toISOString();
    const pending = input.kind === 'CLOSURE';
    const sanction = addSanction(change, {
      kind: input.kind,
      status: pending ? 'PENDING_APPROVAL' : 'IN_FORCE',
      decidedAt: work.context.now.toISOString(),
      documentNumber: input.documentNumber,
      effectiveFrom: pending ? undefined : effectiveFrom,
      stopsDischarge:
        input.kind === 'CREDIT_PUNISHMENT'
          ? undefined
          : (input.stopsDischarge ?? STOPS_BY_DEFAULT.has(input.kind)),
      measure: input.measure,
      note: input.note,
    });
    if (input.kind === 'CREDIT_PUNISHMENT' && c.party) {
      work.put(
        creditPunishmentItem({
          sanctionId: sanction.id,
          caseId: c.id,
          caseNumber: c.number,
          bureauUnitId: c.bureauUnitId,
          party: publicParty(c.party),
          measure: input.measure as string,
          decidedAt: sanction.decidedAt,
          decidedOn: sanction.effectiveOn as string,
        }),
      );
    }
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'IMPOSE_SANCTION',
      summary: `${input.kind}${pending ? ' proposed, awaiting the supervisor’s approval' : ' in force'}${input.note ? `: ${input.note}` : ''}`,
      changes: { sanctionId: sanction.id },
    });
    work.emit(events.SanctionImposed, {
      ...ref(c),
      sanctionId: sanction.id,
      kind: sanction.kind,
      status: sanction.status,
      effectiveFrom: sanction.effectiveFrom,
      stopsDischarge: sanction.stopsDischarge,
      measure: sanction.measure,
    });
    if (pending) {
      work.emit(events.ClosureApprovalRequested, {
        ...ref(c),
        sanctionId: sanction.id,
        supervisorUnitId: settings.supervisorUnitId,
        partyName: c.party?.name ?? c.title,
      });
    }
    return sanction;
  });
  return result;
}

const LIFTABLE = new Set(['PRODUCTION_RESTRICTION', 'SUSPENSION', 'SEAL_UP', 'CREDIT_PUNISHMENT']);

export async function liftSanction(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Sanction> {
  const input = parse(LiftSanctionInput, raw);
  const caseId = parseChildId(input.sanctionId)?.caseId;
  if (!caseId) throw new NotFoundError('Sanction', input.sanctionId);
  const { result } = await changeCase(
    deps,
    caller,
    { caseId, expectedVersion: input.expectedVersion },
    (change) => {
      const { draft, work, time } = change;
      const c = draft.case;
      guardNotClosed(c.status, c.id);
      const sanction = draft.sanctions.find((s) => s.id === input.sanctionId);
      if (!sanction) throw new NotFoundError('Sanction', input.sanctionId);
      guard(LIFTABLE.has(sanction.kind), 'SANCTION_NOT_LIFTABLE', `A ${sanction.kind} is not lifted`);
      guard(
        sanction.status === 'IN_FORCE',
        'SANCTION_NOT_IN_FORCE',
        `Sanction ${sanction.id} is ${sanction.status}`,
      );
      const liftedAt = pastInstant(input.liftedAt, work.context.now, 'input.liftedAt');
      if (sanction.effectiveFrom && liftedAt.getTime() < Date.parse(sanction.effectiveFrom)) {
        throw new BadUserInputError([
          { field: 'input.liftedAt', message: 'is before the measure took effect' },
        ]);
      }
      Object.assign(sanction, {
        status: 'LIFTED',
        liftedAt: liftedAt.toISOString(),
        liftedOn: localDate(liftedAt, time.timeZone),
        liftReason: input.reason,
      });
      saveSanction(change, sanction);
      if (sanction.kind === 'CREDIT_PUNISHMENT')
        work.delete(keys.creditPunishment(sanction.decidedAt, sanction.id));
      work.audit({
        entityType: CASE,
        entityId: c.id,
        action: 'LIFT_SANCTION',
        summary: `${sanction.kind} lifted: ${input.reason}`,
      });
      work.emit(events.SanctionLifted, {
        ...ref(c),
        sanctionId: sanction.id,
        kind: sanction.kind,
        liftedAt: sanction.liftedAt as string,
        reason: input.reason,
      });
      return sanction;
    },
  );
  return result;
}

/** The supervisor approves or rejects a proposed closure; approved, it is in force (and stops the discharge). */
export async function decideClosure(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Sanction> {
  const input = parse(DecideClosureInput, raw);
  const caseId = parseChildId(input.sanctionId)?.caseId;
  if (!caseId) throw new NotFoundError('Sanction', input.sanctionId);
  const options = {
    caseId,
    expectedVersion: input.expectedVersion,
    authorize: (settings: Parameters<typeof canDecideClosure.allows>[1]) =>
      authorize(caller.actor, canDecideClosure, settings),
  };
  const { result } = await changeCase(deps, caller, options, (change) => {
    const { draft, work, time } = change;
    const c = draft.case;
    const sanction = draft.sanctions.find((s) => s.id === input.sanctionId && s.kind === 'CLOSURE');
    if (!sanction) throw new NotFoundError('Sanction', input.sanctionId);
    guard(
      sanction.status === 'PENDING_APPROVAL',
      'CLOSURE_NOT_PENDING',
      `Closure ${sanction.id} is ${sanction.status}`,
    );
    const now = work.context.now;
    Object.assign(sanction, {
      status: input.decision === 'APPROVE' ? 'IN_FORCE' : 'REJECTED',
      approval: {
        decision: input.decision,
        by: caller.actor.id,
        at: now.toISOString(),
        reason: input.reason,
      },
      ...(input.decision === 'APPROVE'
        ? { effectiveFrom: now.toISOString(), effectiveOn: localDate(now, time.timeZone) }
        : {}),
    });
    saveSanction(change, sanction);
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: input.decision === 'APPROVE' ? 'APPROVE_CLOSURE' : 'REJECT_CLOSURE',
      summary: `Closure ${input.decision === 'APPROVE' ? 'approved' : 'rejected'}: ${input.reason}`,
    });
    work.emit(events.ClosureDecided, {
      ...ref(c),
      sanctionId: sanction.id,
      decision: input.decision,
      reason: input.reason,
      decidedBy: caller.actor.id,
    });
    return sanction;
  });
  return result;
}
