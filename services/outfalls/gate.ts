/**
 * Gates of gate-controlled outfalls (A3, A7): open only in the flood season. Recording a gate open
 * outside it emits OutfallGateViolation at once. A gate recorded open arms a check on the kernel's
 * deadline mechanism (a deadline item `gate-closed` of kind OutfallGateCheck) at the end of the flood
 * season — or a day later when it was opened outside it; if the gate is still open when the check comes
 * due, the check emits OutfallGateViolation. Recording the gate closed closes the deadline.
 */
import { outfalls as events } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import { DAY_MS } from '../shared/clock.ts';
import { type Caller, type CommandDeps, parse, unitOfWork } from '../shared/commands/kit.ts';
import { guard } from '../shared/commands/transitions.ts';
import { defineDeadlineKind } from '../shared/deadlines/kinds.ts';
import { closeDeadline, type DeadlineRecord, openDeadline } from '../shared/deadlines/records.ts';
import { ladderTimerHandler } from '../shared/deadlines/runner.ts';
import { timeOf } from '../shared/deps.ts';
import { BadUserInputError } from '../shared/errors.ts';
import { strip } from '../shared/store/items.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { actingUnitsOf, canRecordGate } from './access.ts';
import { loadOutfall, nextVersion, onOutfall, writeChange } from './change.ts';
import { floodSeasonEnd, inFloodSeason } from './flood-season.ts';
import { type GateRecord, type Outfall, RecordGateInput } from './model.ts';
import { getOutfall, OUTFALL } from './repository.ts';
import { type OutfallSettings, outfallSettings } from './settings.ts';

export const GATE_CHECK = 'OutfallGateCheck';
export const GATE_DEADLINE = 'gate-closed';

/** Who hears of a gate violation: the responsible unit and the township. */
export function gateRecipients(outfall: Pick<Outfall, 'responsibleUnitId' | 'townshipUnitId'>): string[] {
  return [...new Set([outfall.responsibleUnitId, outfall.townshipUnitId].filter((u): u is string => !!u))];
}

export async function recordOutfallGate(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Outfall> {
  const input = parse(RecordGateInput, raw);
  const settings = outfallSettings(deps);
  const { timeZone, calendar } = timeOf(deps);
  return onOutfall(input.outfallId, undefined, async () => {
    const outfall = await loadOutfall(deps.store, input.outfallId);
    authorize(caller.actor, canRecordGate, {
      outfall,
      acting: await actingUnitsOf(deps.store, caller.actor),
    });
    guard(
      outfall.gateControlled,
      'OUTFALL_NOT_GATE_CONTROLLED',
      `Outfall ${outfall.code} (annex ${outfall.annexItem}) has no gate rule`,
    );
    guard(
      !['SEALED', 'MERGED'].includes(outfall.state),
      'OUTFALL_CLOSED',
      `Outfall ${outfall.code} is ${outfall.state}`,
    );
    const work = unitOfWork(deps, caller);
    const now = work.context.now;
    const observedAt = input.observedAt ? new Date(input.observedAt) : now;
    if (observedAt.getTime() > now.getTime() + 10 * 60_000) {
      throw new BadUserInputError([{ field: 'input.observedAt', message: 'must not be in the future' }]);
    }
    const season = inFloodSeason(observedAt, settings.floodSeason, timeZone);
    const wasOpen = outfall.gate?.open === true;
    const gate: GateRecord & { checkDueAt?: string } = {
      open: input.open,
      observedAt: observedAt.toISOString(),
      recordedBy: caller.actor.id,
      note: input.note,
    };
    const owner = { type: OUTFALL, id: outfall.id, title: `排污口${outfall.code}「${outfall.name}」` };
    const previousCheck = (outfall.gate as { checkDueAt?: string } | undefined)?.checkDueAt;
    if (input.open && !wasOpen) {
      const dueAt =
        floodSeasonEnd(observedAt, settings.floodSeason, timeZone) ?? new Date(now.getTime() + DAY_MS);
      openDeadline(
        work,
        {
          owner,
          name: GATE_DEADLINE,
          title: '非汛期关闭闸门',
          kind: GATE_CHECK,
          startedAt: now,
          dueAt,
          ladder: [{ id: 'GateStillOpen', offsetMs: 0, notify: gateRecipients(outfall) }],
          responsibleUnitIds: gateRecipients(outfall),
          context: { floodSeason: settings.floodSeason },
        },
        { utcOffset: timeZone, calendar },
      );
      gate.checkDueAt = dueAt.toISOString();
    } else if (input.open && wasOpen) {
      gate.checkDueAt = previousCheck;
    } else if (!input.open && wasOpen && previousCheck) {
      closeDeadline(work, owner, GATE_DEADLINE, previousCheck);
    }
    const after = nextVersion(outfall, { gate }, now);
    writeChange(work, settings.district, outfall, after);
    work.audit({
      entityType: OUTFALL,
      entityId: outfall.id,
      action: 'GATE',
      summary: `Gate ${input.open ? 'open' : 'closed'} at ${gate.observedAt}${season ? ' (flood season)' : ''}`,
      changes: { open: input.open, observedAt: gate.observedAt },
    });
    work.emit(events.OutfallGateRecorded, {
      outfallId: outfall.id,
      outfallCode: outfall.code,
      outfallName: outfall.name,
      open: input.open,
      observedAt: gate.observedAt,
      inFloodSeason: season,
    });
    if (input.open && !season) emitViolation(work, outfall, gate.observedAt, 'RECORD', settings);
    await work.commit(deps.store);
    return after;
  });
}

function emitViolation(
  work: UnitOfWork,
  outfall: Outfall,
  observedAt: string,
  foundBy: 'RECORD' | 'SCHEDULED_CHECK',
  settings: Pick<OutfallSettings, 'floodSeason'>,
): void {
  work.emit(events.OutfallGateViolation, {
    outfallId: outfall.id,
    outfallCode: outfall.code,
    outfallName: outfall.name,
    waterBody: outfall.waterBody,
    observedAt,
    foundBy,
    floodSeason: settings.floodSeason,
    recipientUnitIds: gateRecipients(outfall),
  });
}

interface GateCheckContext {
  record: DeadlineRecord;
  outfall?: Outfall;
}

/** The scheduled check: still open when the deadline comes due → a violation (once: the ladder has one step). */
export const gateCheckDeadline = defineDeadlineKind({
  name: GATE_CHECK,
  description:
    'A gate-controlled outfall’s gate recorded open: still open at the end of the flood season is a violation.',
  fire: ladderTimerHandler<GateCheckContext>({
    kind: GATE_CHECK,
    load: async (item, deps) => {
      const record = strip<DeadlineRecord>(item);
      return { record, outfall: await getOutfall(deps.store, record.owner.id) };
    },
    ladder: ({ record }) => record.ladder,
    dueAt: (item) => String(item.dueAt),
    stillOpen: { expression: 'attribute_not_exists(closedAt)' },
    onStep(work, _step, { record, outfall }) {
      // The deadline closes when the gate is recorded closed; an outfall gone or ended has no gate left to check.
      if (!outfall?.gate?.open || ['SEALED', 'MERGED'].includes(outfall.state)) return;
      const floodSeason = (record.context?.floodSeason as OutfallSettings['floodSeason']) ?? {
        start: '06-01',
        end: '09-30',
      };
      work.audit({
        entityType: OUTFALL,
        entityId: outfall.id,
        action: 'GATE_CHECK',
        summary: `Gate still open at ${work.context.now.toISOString()}, outside the flood season`,
      });
      emitViolation(work, outfall, work.context.now.toISOString(), 'SCHEDULED_CHECK', { floodSeason });
    },
  }),
});
