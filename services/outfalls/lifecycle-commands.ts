/**
 * The 查测溯治 steps: record a sample (测), trace the sources (溯), plan and carry out the remediation
 * (治), and end the outfall retained, sealed or merged. Every step is a guarded transition whose
 * refusal is a CONFLICT with its reason, audited and announced by an event in the same transaction.
 */
import { outfalls as events } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import { type Caller, type CommandDeps, checkVersion, parse, unitOfWork } from '../shared/commands/kit.ts';
import { guard, TransitionRefusedError } from '../shared/commands/transitions.ts';
import { closeDeadline } from '../shared/deadlines/records.ts';
import { BadUserInputError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { actingUnitsOf, canInvestigateOutfall, canManageOutfall } from './access.ts';
import { loadOutfall, nextVersion, onOutfall, writeChange } from './change.ts';
import {
  END_STATE_OF_MEASURE,
  isEnded,
  nextState,
  type OutfallAction,
  type OutfallState,
} from './lifecycle.ts';
import { applicableLimits, exceedances, unitMismatches } from './limits.ts';
import {
  CompleteRemediationInput,
  type Discharger,
  MergeInput,
  type Outfall,
  PlanRemediationInput,
  RecordSampleInput,
  RetainInput,
  type Sample,
  SealInput,
  TraceInput,
} from './model.ts';
import { releaseVillage } from './registration.ts';
import { getOutfall, OUTFALL, sampleItem } from './repository.ts';
import { outfallSettings } from './settings.ts';

/** A sample may not be dated more than this far ahead of the clock (field devices drift). */
const CLOCK_SKEW_MS = 10 * 60_000;

const ref = (o: Outfall) => ({ outfallId: o.id, outfallCode: o.code, outfallName: o.name });

export interface RecordedSample {
  sample: Sample;
  outfall: Outfall;
}

export async function recordOutfallSample(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<RecordedSample> {
  const input = parse(RecordSampleInput, raw);
  const settings = outfallSettings(deps);
  return onOutfall(input.outfallId, undefined, async () => {
    const outfall = await loadOutfall(deps.store, input.outfallId);
    authorize(caller.actor, canInvestigateOutfall, { outfall, acting: new Set<string>() });
    guard(
      outfall.state !== 'SEALED' && outfall.state !== 'MERGED',
      'OUTFALL_CLOSED',
      `Outfall ${outfall.code} is ${outfall.state}: nothing left to sample`,
    );
    const now = deps.clock.now();
    if (Date.parse(input.sampledAt) > now.getTime() + CLOCK_SKEW_MS) {
      throw new BadUserInputError([{ field: 'input.sampledAt', message: 'must not be in the future' }]);
    }
    const limits = applicableLimits(outfall.category, settings.limits, outfall.limits);
    const mismatched = unitMismatches(input.values, limits);
    if (mismatched.length) {
      throw new BadUserInputError(
        mismatched.map((i) => {
          const v = input.values[i] as (typeof input.values)[number];
          return {
            field: `input.values.${i}.unit`,
            message: `${v.parameter} is limited in ${limits[v.parameter]?.unit}: give the value in that unit`,
          };
        }),
      );
    }
    const found = exceedances(input.values, limits);
    const work = unitOfWork(deps, caller);
    const sample: Sample = {
      id: newId(work.context.now),
      outfallId: outfall.id,
      sampledAt: new Date(input.sampledAt).toISOString(),
      sampledBy: input.sampledBy,
      lab: input.lab,
      values: input.values,
      exceedances: found,
      note: input.note,
      recordedAt: now.toISOString(),
      recordedBy: caller.actor.id,
    };
    const state =
      outfall.state === 'IDENTIFIED' ? nextState(outfall.state, 'MONITOR', outfall.id) : outfall.state;
    const newer = !outfall.latestSample || outfall.latestSample.sampledAt <= sample.sampledAt;
    const after = nextVersion(
      outfall,
      {
        state,
        ...(newer
          ? {
              latestSample: {
                sampleId: sample.id,
                sampledAt: sample.sampledAt,
                exceedanceCount: found.length,
              },
            }
          : {}),
      },
      work.context.now,
    );
    work.put(sampleItem(sample), { expression: 'attribute_not_exists(PK)' });
    writeChange(work, settings.district, outfall, after);
    work.audit({
      entityType: OUTFALL,
      entityId: outfall.id,
      action: 'SAMPLE',
      summary: `Sample ${sample.id} of ${sample.sampledAt} by ${sample.lab}: ${found.length ? `${found.length} parameter(s) over the limit` : 'within limits'}${state !== outfall.state ? `; ${outfall.state} → ${state}` : ''}`,
      changes: { sampleId: sample.id, state: [outfall.state, state], exceedances: found },
    });
    work.emit(events.OutfallSampled, {
      ...ref(outfall),
      state,
      previousState: outfall.state,
      outfallVersion: after.version,
      sampleId: sample.id,
      sampledAt: sample.sampledAt,
      parameters: sample.values.map((v) => v.parameter),
      exceedanceCount: found.length,
    });
    if (found.length) {
      work.emit(events.OutfallExceedanceDetected, {
        ...ref(outfall),
        waterBody: outfall.waterBody,
        townshipUnitId: outfall.townshipUnitId,
        sampleId: sample.id,
        sampledAt: sample.sampledAt,
        dischargers: outfall.dischargers.map((d) => ({ name: d.name, creditCode: d.creditCode })),
        exceedances: found,
        recipientUnitIds: [
          ...new Set([outfall.responsibleUnitId, outfall.townshipUnitId].filter((u): u is string => !!u)),
        ],
      });
    }
    await work.commit(deps.store);
    return { sample, outfall: after };
  });
}

export async function traceOutfall(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Outfall> {
  const input = parse(TraceInput, raw);
  const problems = input.sources.flatMap((s, i) =>
    s.discharger && s.ownerless
      ? [{ field: `input.sources.${i}`, message: 'a source has a discharger or is ownerless, not both' }]
      : [],
  );
  if (problems.length) throw new BadUserInputError(problems);
  return step(deps, caller, input, 'TRACE', 'investigate', (outfall) => {
    const unidentified = input.sources.flatMap((s, i) => (!s.discharger && !s.ownerless ? [i] : []));
    guard(
      unidentified.length === 0,
      'OUTFALL_SOURCES_UNIDENTIFIED',
      `Outfall ${outfall.code}: source(s) ${unidentified.join(', ')} have no discharger and are not marked ownerless`,
      { sources: unidentified },
    );
    const dischargers = uniqueDischargers(input.sources.flatMap((s) => (s.discharger ? [s.discharger] : [])));
    const ownerless = input.sources.filter((s) => s.ownerless).length;
    return {
      changes: { sources: input.sources, dischargers, findings: input.findings },
      summary: `Traced ${input.sources.length} source(s): ${dischargers.length} discharger(s), ${ownerless} ownerless inlet(s)`,
      emit: (work, after) =>
        work.emit(events.OutfallTraced, {
          ...transition(outfall, after),
          sourceCount: input.sources.length,
          dischargers,
          ownerlessInlets: ownerless,
        }),
    };
  });
}

export async function planOutfallRemediation(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<Outfall> {
  const input = parse(PlanRemediationInput, raw);
  if ((input.measure === 'MERGE_CONNECT') !== !!input.mergeInto) {
    throw new BadUserInputError([
      {
        field: 'input.mergeInto',
        message: 'a MERGE_CONNECT plan names where the outfall goes; other measures do not',
      },
    ]);
  }
  const target = input.mergeInto?.outfallId
    ? await getOutfall(deps.store, input.mergeInto.outfallId)
    : undefined;
  return step(deps, caller, input, 'PLAN', 'manage', (outfall) => {
    if (input.mergeInto?.outfallId) {
      guard(
        !!target && target.id !== outfall.id && !['SEALED', 'MERGED'].includes(target.state),
        'OUTFALL_MERGE_TARGET_INVALID',
        `Outfall ${input.mergeInto.outfallId} cannot take ${outfall.code}: unknown, itself, sealed or merged`,
      );
    }
    guard(
      input.measure !== 'GATE_CONTROL' || outfall.gateControlled,
      'OUTFALL_NOT_GATE_CONTROLLED',
      `Outfall ${outfall.code} (annex ${outfall.annexItem}) is not one of the gate-controlled kinds (A3, A7)`,
    );
    const ownerless = (outfall.sources ?? []).filter((s) => s.ownerless).length;
    guard(
      ownerless === 0 || input.measure === 'ABOLISH_SEAL' || input.sealOwnerlessInlets,
      'OUTFALL_OWNERLESS_INLETS_UNSEALED',
      `Outfall ${outfall.code} has ${ownerless} ownerless inlet(s): the plan must seal them (A8)`,
    );
    const remediation = {
      measure: input.measure,
      dueAt: new Date(input.dueAt).toISOString(),
      description: input.description,
      mergeInto: input.mergeInto && {
        outfallId: target?.id,
        outfallCode: target?.code,
        sewer: input.mergeInto.sewer,
      },
      sealOwnerlessInlets: input.sealOwnerlessInlets || ownerless > 0,
      plannedAt: deps.clock.now().toISOString(),
      plannedBy: caller.actor.id,
    };
    return {
      changes: { remediation },
      summary: `Plan ${input.measure} by ${remediation.dueAt}: ${input.description}`,
      emit: (work, after) =>
        work.emit(events.OutfallRemediationPlanned, {
          ...transition(outfall, after),
          measure: input.measure,
          dueAt: remediation.dueAt,
        }),
    };
  });
}

export async function completeOutfallRemediation(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<Outfall> {
  const input = parse(CompleteRemediationInput, raw);
  return step(deps, caller, input, 'REMEDIATE', 'manage', (outfall) => {
    const measure = outfall.remediation?.measure as NonNullable<Outfall['remediation']>['measure'];
    guard(
      measure !== 'GATE_CONTROL' || !!outfall.gate,
      'OUTFALL_GATE_NOT_RECORDED',
      `Outfall ${outfall.code}: record its gate before closing a GATE_CONTROL plan`,
    );
    return {
      changes: {
        remediatedAt: deps.clock.now().toISOString(),
        attachments: [...outfall.attachments, ...input.attachments].slice(0, 50),
      },
      summary: `Remediation (${measure}) done: ${input.note}`,
      emit: (work, after) => work.emit(events.OutfallRemediated, { ...transition(outfall, after), measure }),
    };
  });
}

export async function retainOutfall(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Outfall> {
  const input = parse(RetainInput, raw);
  return step(deps, caller, input, 'RETAIN', 'manage', (outfall) => {
    planAllows(outfall, 'RETAINED');
    const retention = {
      signboard: input.signboard ?? outfall.retention?.signboard,
      archiveRef: input.archiveRef ?? outfall.retention?.archiveRef,
    };
    const responsiblePerson = input.responsiblePerson ?? outfall.responsiblePerson;
    const missing = [
      !retention.signboard && 'signboard',
      !retention.archiveRef && 'archiveRef',
      !responsiblePerson && 'responsiblePerson',
    ].filter((m): m is string => !!m);
    guard(
      missing.length === 0,
      'OUTFALL_RETENTION_INCOMPLETE',
      `Outfall ${outfall.code} is kept only with its signboard, archive and named responsible person: missing ${missing.join(', ')}`,
      { missing },
    );
    return end(
      outfall,
      { retention, responsiblePerson },
      'Retained with signboard and archive',
      events.OutfallRetained,
    );
  });
}

export async function sealOutfall(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Outfall> {
  const input = parse(SealInput, raw);
  return step(deps, caller, input, 'SEAL', 'manage', (outfall) => {
    planAllows(outfall, 'SEALED');
    return end(outfall, {}, `Sealed: ${input.note}`, events.OutfallSealed, releaseVillage);
  });
}

export async function mergeOutfall(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Outfall> {
  const input = parse(MergeInput, raw);
  return step(deps, caller, input, 'MERGE', 'manage', (outfall) => {
    planAllows(outfall, 'MERGED');
    const into = outfall.remediation?.mergeInto ?? {};
    return end(
      outfall,
      { mergedInto: into },
      `Merged into ${into.outfallCode ?? into.sewer}${input.note ? `: ${input.note}` : ''}`,
      events.OutfallMerged,
      (work) => {
        releaseVillage(work, outfall);
        if (into.outfallId) {
          // The outfall taking the flow must still be there when this one goes into it.
          work.check(keys.outfall(into.outfallId), {
            expression: 'attribute_exists(PK) AND NOT (#state IN (:sealed, :merged))',
            names: { '#state': 'state' },
            values: { ':sealed': 'SEALED', ':merged': 'MERGED' },
            onFailed: () =>
              new TransitionRefusedError(
                'OUTFALL_MERGE_TARGET_INVALID',
                `Outfall ${into.outfallCode} can no longer take the flow of ${outfall.code}`,
              ),
          });
        }
      },
      { intoOutfallId: into.outfallId, intoOutfallCode: into.outfallCode, intoSewer: into.sewer },
    );
  });
}

// ---- the shared shape of a step ----

interface StepResult {
  changes: Partial<Outfall>;
  summary: string;
  emit(work: UnitOfWork, after: Outfall): void;
  /** Writes of the step beyond the outfall's own (deadline, village). */
  also?: (work: UnitOfWork, after: Outfall) => void;
}

function transition(before: Outfall, after: Outfall) {
  return { ...ref(before), state: after.state, previousState: before.state, outfallVersion: after.version };
}

async function step(
  deps: CommandDeps,
  caller: Caller,
  input: { outfallId: string; expectedVersion?: number },
  action: OutfallAction,
  who: 'manage' | 'investigate',
  decide: (outfall: Outfall) => StepResult,
): Promise<Outfall> {
  const settings = outfallSettings(deps);
  return onOutfall(input.outfallId, input.expectedVersion, async () => {
    const outfall = await loadOutfall(deps.store, input.outfallId);
    const access = {
      outfall,
      acting: who === 'manage' ? await actingUnitsOf(deps.store, caller.actor) : new Set<string>(),
    };
    authorize(caller.actor, who === 'manage' ? canManageOutfall : canInvestigateOutfall, access);
    const state = nextState(outfall.state, action, outfall.id);
    checkVersion(OUTFALL, outfall, input.expectedVersion);
    const result = decide(outfall);
    const work = unitOfWork(deps, caller);
    const now = work.context.now;
    const ended = isEnded(state) ? { endedAt: now.toISOString() } : {};
    const after = nextVersion(outfall, { ...result.changes, ...ended, state }, now);
    writeChange(work, settings.district, outfall, after);
    result.also?.(work, after);
    work.audit({
      entityType: OUTFALL,
      entityId: outfall.id,
      action,
      summary: `${outfall.state} → ${state}: ${result.summary}`,
      changes: { state: [outfall.state, state], ...result.changes },
    });
    result.emit(work, after);
    await work.commit(deps.store);
    return after;
  });
}

function planAllows(outfall: Outfall, end: OutfallState): void {
  const measure = outfall.remediation?.measure;
  guard(
    !!measure && END_STATE_OF_MEASURE[measure] === end,
    'OUTFALL_PLAN_MISMATCH',
    `Outfall ${outfall.code} was planned as ${measure}: it cannot end ${end}`,
    { measure },
  );
}

type EndEvent = typeof events.OutfallRetained | typeof events.OutfallSealed | typeof events.OutfallMerged;

/** Ending: the annex deadline closes MET or LATE, in the same transaction. */
function end(
  outfall: Outfall,
  changes: Partial<Outfall>,
  summary: string,
  definition: EndEvent,
  also?: (work: UnitOfWork, after: Outfall) => void,
  extra: Record<string, unknown> = {},
): StepResult {
  let outcome: 'MET' | 'LATE' = 'MET';
  return {
    changes,
    summary,
    also: (work, after) => {
      outcome = closeDeadline(
        work,
        { type: OUTFALL, id: outfall.id },
        outfall.deadline.name,
        outfall.deadline.dueAt,
      ) as 'MET' | 'LATE';
      also?.(work, after);
    },
    emit: (work, after) =>
      work.emit(definition, {
        ...transition(outfall, after),
        annexItem: outfall.annexItem,
        deadlineOutcome: outcome,
        ...extra,
      }),
  };
}

function uniqueDischargers(list: Discharger[]): Discharger[] {
  const seen = new Map<string, Discharger>();
  for (const d of list) seen.set(d.creditCode ?? `name:${d.name}`, d);
  return [...seen.values()];
}
