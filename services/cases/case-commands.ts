/**
 * Opening a case and building its record: the investigation, the party, violations, facts and samples,
 * and closing it (with its publication). Each command runs through `changeCase` (one transaction with the
 * audit entry, the events and the review of the crime grounds).
 */
import { cases as events } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import { type Caller, type CommandDeps, parse, retryOnConflict, unitOfWork } from '../shared/commands/kit.ts';
import { guard } from '../shared/commands/transitions.ts';
import { timeOf } from '../shared/deps.ts';
import { BadUserInputError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { localDate } from '../shared/time/offset.ts';
import { assertTownship } from '../units/townships.ts';
import { canRunCases } from './access.ts';
import { CASE, changeCase } from './change.ts';
import {
  CaseVersionInput,
  CloseCaseInput,
  IdentifyPartyInput,
  OpenCaseInput,
  RecordCaseFactsInput,
  RecordSampleInput,
  RecordViolationInput,
} from './inputs.ts';
import { pastInstant } from './instants.ts';
import type { EnforcementCase, Sample } from './model.ts';
import { addNewCase, readCaseNumbering } from './new-case.ts';
import { partyOf, resolveParty } from './party.ts';
import { publishedCase, publishedCaseItem } from './public-records.ts';
import { childId, getDischarger, sampleItem } from './repository.ts';
import { casesSettings } from './settings.ts';
import { caseMachine, guardNotClosed, HANDOFF_PENDING_STATUSES } from './status.ts';

/** An enforcement officer opens a case for their bureau (their own unit). */
export async function openCase(deps: CommandDeps, caller: Caller, raw: unknown): Promise<EnforcementCase> {
  const settings = casesSettings(deps);
  authorize(caller.actor, canRunCases, settings);
  const input = parse(OpenCaseInput, raw);
  await assertTownship(deps.store, input.townshipUnitId, 'input.townshipUnitId');
  const bureauUnitId = caller.actor.unitId as string;
  const { party, discharger } = await resolveParty(deps.store, input.party);
  const time = timeOf(deps);
  return retryOnConflict(undefined, async () => {
    const work = unitOfWork(deps, caller);
    const discoveredAt = pastInstant(input.discoveredAt, work.context.now, 'input.discoveredAt');
    const numbering = await readCaseNumbering(deps.store, bureauUnitId, work.context.now, time);
    const record = addNewCase(
      work,
      {
        bureauUnitId,
        title: input.title,
        source: { kind: input.source, note: input.note },
        party,
        outfalls: input.outfalls,
        townshipUnitId: input.townshipUnitId,
        discoveredAt,
        note: input.note,
      },
      numbering,
      { actor: caller.actor, settings, time, discharger },
    );
    await work.commit(deps.store);
    return record;
  });
}

export async function startInvestigation(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EnforcementCase> {
  const input = parse(CaseVersionInput, raw);
  const { case: result } = await changeCase(deps, caller, input, ({ draft, work }) => {
    const c = draft.case;
    c.status = caseMachine.next(c.status, 'startInvestigation', c.id);
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'START_INVESTIGATION',
      summary: 'Investigation started',
    });
    work.emit(events.CaseInvestigationStarted, ref(c));
  });
  return result;
}

export async function identifyParty(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EnforcementCase> {
  const input = parse(IdentifyPartyInput, raw);
  const { case: result } = await changeCase(deps, caller, input, async (change) => {
    const c = change.draft.case;
    guardNotClosed(c.status, c.id);
    guard(!c.fine, 'PENALTY_ALREADY_DECIDED', `The penalty on case ${c.id} was decided against its party`);
    const discharger = await getDischarger(deps.store, input.dischargerId);
    if (!discharger) {
      throw new BadUserInputError([
        { field: 'input.dischargerId', message: `no enterprise file ${input.dischargerId}` },
      ]);
    }
    c.party = partyOf(discharger);
    change.discharger = discharger;
    change.work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'IDENTIFY_PARTY',
      summary: `Party: ${discharger.name}${discharger.creditCode ? ` (${discharger.creditCode})` : ''}`,
      changes: { party: [change.before.case.party ?? null, c.party] },
    });
    change.work.emit(events.CasePartyIdentified, { ...ref(c), party: c.party });
  });
  return result;
}

export async function recordViolation(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EnforcementCase> {
  const input = parse(RecordViolationInput, raw);
  const { case: result } = await changeCase(deps, caller, input, ({ draft, work }) => {
    const c = draft.case;
    guardNotClosed(c.status, c.id);
    c.violations = [
      ...c.violations,
      {
        kind: input.kind,
        method: input.method,
        description: input.description,
        recordedAt: work.context.now.toISOString(),
        recordedBy: caller.actor.id,
      },
    ];
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'RECORD_VIOLATION',
      summary: `Violation ${input.kind}${input.method ? ` (${input.method})` : ''}: ${input.description}`,
    });
    work.emit(events.CaseViolationRecorded, { ...ref(c), kind: input.kind, method: input.method });
  });
  return result;
}

export async function recordCaseFacts(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<EnforcementCase> {
  const input = parse(RecordCaseFactsInput, raw);
  const { case: result } = await changeCase(deps, caller, input, ({ draft, before, work }) => {
    const c = draft.case;
    guardNotClosed(c.status, c.id);
    const given = {
      toxicSubstances: input.toxicSubstances,
      inProtectedArea: input.inProtectedArea,
      hazardousWasteTonnes: input.hazardousWasteTonnes,
      illegalGainsFen: input.illegalGainsYuan,
      propertyLossFen: input.propertyLossYuan,
      intakeInterruptedHours: input.intakeInterruptedHours,
    };
    const changed = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    if (Object.keys(changed).length === 0) {
      throw new BadUserInputError([{ field: 'input', message: 'give at least one fact' }]);
    }
    c.facts = { ...c.facts, ...changed };
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'RECORD_FACTS',
      summary: `Facts recorded: ${Object.keys(changed).join(', ')}`,
      changes: { before: before.case.facts, after: c.facts },
    });
    work.emit(events.CaseFactsRecorded, { ...ref(c), facts: c.facts });
  });
  return result;
}

export async function recordSample(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Sample> {
  const input = parse(RecordSampleInput, raw);
  const { result } = await changeCase(deps, caller, input, ({ draft, work }) => {
    const c = draft.case;
    guardNotClosed(c.status, c.id);
    const sampledAt = pastInstant(input.sampledAt, work.context.now, 'input.sampledAt');
    const sample: Sample = {
      id: childId(c.id, newId(work.context.now)),
      caseId: c.id,
      sampledAt: sampledAt.toISOString(),
      outfallId: input.outfallId,
      location: input.location,
      laboratory: input.laboratory,
      reportNumber: input.reportNumber,
      results: input.results,
      recordedAt: work.context.now.toISOString(),
      recordedBy: caller.actor.id,
    };
    draft.samples.push(sample);
    work.put(sampleItem(sample), { expression: 'attribute_not_exists(PK)' });
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'RECORD_SAMPLE',
      summary: `Sample of ${sample.sampledAt}: ${sample.results.map((r) => `${r.parameter} ${r.value}/${r.limit} ${r.unit}`).join(', ')}`,
      changes: { sampleId: sample.id },
    });
    work.emit(events.CaseSampleRecorded, {
      ...ref(c),
      sampleId: sample.id,
      sampledAt: sample.sampledAt,
      outfallId: sample.outfallId,
      results: sample.results,
    });
    return sample;
  });
  return result;
}

/**
 * Closes a case: dismissed without a violation, or concluded after the penalty. A case with a
 * re-inspection pending, a closure awaiting approval or a suspected crime not yet handed off stays open.
 */
export async function closeCase(deps: CommandDeps, caller: Caller, raw: unknown): Promise<EnforcementCase> {
  const input = parse(CloseCaseInput, raw);
  const { case: result } = await changeCase(deps, caller, input, ({ draft, work, time }) => {
    const c = draft.case;
    c.status = caseMachine.next(c.status, input.outcome === 'NO_VIOLATION' ? 'dismiss' : 'close', c.id);
    guard(
      !c.penaltyCycles.some((cycle) => cycle.status === 'AWAITING_REINSPECTION'),
      'REINSPECTION_PENDING',
      `Case ${c.id} awaits a re-inspection: record it first`,
    );
    guard(
      !draft.sanctions.some((s) => s.kind === 'CLOSURE' && s.status === 'PENDING_APPROVAL'),
      'CLOSURE_NEEDS_APPROVAL',
      `Case ${c.id} has a closure awaiting the supervisor's approval`,
    );
    guard(
      !HANDOFF_PENDING_STATUSES.includes(c.handoffStatus),
      'HANDOFF_PENDING',
      `Case ${c.id} has a hand-off under way (${c.handoffStatus}): it closes once the hand-off has ended`,
    );
    const now = work.context.now.toISOString();
    c.closedAt = now;
    c.outcome = input.outcome;
    c.closingSummary = input.summary;
    c.published = input.publish;
    if (input.publish) {
      const record = publishedCase(c, draft.sanctions, input.publicSummary as string, (at) =>
        localDate(new Date(at), time.timeZone),
      );
      work.put(publishedCaseItem(record));
    }
    work.audit({
      entityType: CASE,
      entityId: c.id,
      action: 'CLOSE',
      summary: `Closed (${input.outcome})${input.publish ? ', published' : ''}: ${input.summary}`,
    });
    work.emit(events.CaseClosed, {
      ...ref(c),
      outcome: input.outcome,
      closedAt: now,
      published: input.publish,
    });
  });
  return result;
}

export function ref(c: Pick<EnforcementCase, 'id' | 'number' | 'bureauUnitId'>) {
  return { caseId: c.id, caseNumber: c.number, bureauUnitId: c.bureauUnitId };
}
