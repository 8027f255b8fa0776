/**
 * How every hand-off action runs: the side's role is checked before anything is read; then, queued
 * behind other commands on the case and retried after a conflict when no version was expected, it reads
 * the hand-off, its case and its limits, hides a hand-off the caller may not see, makes the guarded
 * transition, meets (closes) or cancels the limits the action ends, lets the action change a draft, opens
 * the limits it starts, moves the case's hand-off track, and writes it all — with the audit entry and the
 * step's event — in one transaction conditioned on the versions read.
 */
import type { CaseAccess } from '../cases/access.ts';
import type { EnforcementCase } from '../cases/model.ts';
import { getCase, parseChildId } from '../cases/repository.ts';
import { type CasesSettings, casesSettings } from '../cases/settings.ts';
import { handoffMachine } from '../cases/status.ts';
import { authorize } from '../shared/auth/policy.ts';
import {
  bumpVersion,
  type Caller,
  type CommandDeps,
  checkVersion,
  retryOnConflict,
  unitOfWork,
} from '../shared/commands/kit.ts';
import { serialized } from '../shared/commands/serialize.ts';
import { closeDeadline, type DeadlineRecord, listDeadlines } from '../shared/deadlines/records.ts';
import { timeOf } from '../shared/deps.ts';
import { NotFoundError, StaleVersionError } from '../shared/errors.ts';
import { diffUpdate } from '../shared/store/diff.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import type { DistrictTime } from '../shared/time/zone.ts';
import { canActAs, canSeeHandoff } from './access.ts';
import { openLimit } from './deadline.ts';
import { groupOf, type HandoffsSettings, handoffsSettings, type LimitKey, limitSpec } from './limits.ts';
import type { Handoff } from './model.ts';
import { getHandoff, handoffIndexes, handoffKey } from './repository.ts';
import {
  ACTIONS,
  caseTrackAction,
  type HandoffAction,
  nextLimitName,
  nextState,
  openRecord,
} from './workflow.ts';

export const HANDOFF = 'Handoff';

export interface HandoffChange {
  readonly action: HandoffAction;
  readonly before: Handoff;
  readonly draft: Handoff;
  readonly case: EnforcementCase;
  /** The hand-off's limits: as read, then as this change leaves them. */
  readonly records: DeadlineRecord[];
  readonly work: UnitOfWork;
  readonly now: Date;
  readonly settings: HandoffsSettings;
  readonly cases: CasesSettings;
  readonly time: DistrictTime;
  /** Opens a limit of the hand-off counted from `from` (default: now). */
  open(limit: LimitKey, options?: { from?: Date; title?: string }): DeadlineRecord;
  /** Closes a limit record: MET or LATE when its step was taken, CANCELLED when it became moot. */
  close(record: DeadlineRecord, how: 'DONE' | 'CANCELLED'): void;
  /** Whether a limit of the group was open when the hand-off was read. */
  wasOpen(group: LimitKey): boolean;
}

export interface ActionOptions {
  handoffId: string;
  expectedVersion?: number;
}

export function caseAccess(deps: CommandDeps): CaseAccess {
  return casesSettings(deps);
}

/** The step's refs shared by every hand-off event. */
export function handoffRef(h: Handoff) {
  return {
    handoffId: h.id,
    caseId: h.caseId,
    caseNumber: h.caseNumber,
    bureauUnitId: h.bureauUnitId,
    policeUnitId: h.policeUnitId,
    policeUnitIds: h.transferredAt ? [h.policeUnitId] : [],
    status: h.status,
    documents: h.documents,
  };
}

export async function changeHandoff(
  deps: CommandDeps,
  caller: Caller,
  action: HandoffAction,
  options: ActionOptions,
  body: (change: HandoffChange) => void,
): Promise<Handoff> {
  const cases = casesSettings(deps);
  const settings = handoffsSettings(deps);
  const spec = ACTIONS[action];
  authorize(caller.actor, canActAs[spec.by], cases);
  const caseId = parseChildId(options.handoffId)?.caseId;
  if (!caseId) throw new NotFoundError(HANDOFF, options.handoffId);
  return serialized(`case:${caseId}`, () =>
    retryOnConflict(options.expectedVersion, async () => {
      const [before, c, records] = await Promise.all([
        getHandoff(deps.store, options.handoffId),
        getCase(deps.store, caseId),
        listDeadlines(deps.store, { type: HANDOFF, id: options.handoffId }),
      ]);
      if (!before || !c || !canSeeHandoff(caller.actor, cases, before))
        throw new NotFoundError(HANDOFF, options.handoffId);
      const version = before.version ?? 0;
      checkVersion(HANDOFF, { id: before.id, version }, options.expectedVersion);
      const work = unitOfWork(deps, caller);
      const now = work.context.now;
      const draft = structuredClone(before);
      draft.status = nextState(before.status, action, before.id);
      const time = timeOf(deps);
      const openAtStart = records.filter((r) => !r.closedAt).map((r) => r.context?.group);
      const change: HandoffChange = {
        action,
        before,
        draft,
        case: c,
        records,
        work,
        now,
        settings,
        cases,
        time,
        open(limit, { from = now, title } = {}) {
          const group = groupOf(limit);
          const record = openLimit(
            work,
            {
              owner: { type: HANDOFF, id: draft.id },
              limit,
              name: nextLimitName(records, group),
              startedAt: from,
              period: settings.limits[limit],
              title,
              ref: {
                caseId: draft.caseId,
                caseNumber: draft.caseNumber,
                bureauUnitId: draft.bureauUnitId,
                policeUnitId: draft.policeUnitId,
                handoffId: draft.id,
              },
              supervisorUnitId: cases.supervisorUnitId,
              policeUnitIds:
                draft.transferredAt || limitSpec(limit).side === 'POLICE' ? [draft.policeUnitId] : [],
            },
            time,
          );
          records.push(record);
          return record;
        },
        close(record, how) {
          record.outcome = closeDeadline(
            work,
            { type: HANDOFF, id: draft.id },
            record.name,
            record.dueAt,
            how,
          );
          record.closedAt = now.toISOString();
        },
        wasOpen: (group) => openAtStart.includes(group),
      };
      for (const group of spec.closes ?? []) {
        const open = openRecord(records, group);
        if (open) change.close(open, 'DONE');
      }
      for (const group of spec.cancels ?? []) {
        const open = openRecord(records, group);
        if (open) change.close(open, 'CANCELLED');
      }
      body(change);
      for (const limit of spec.opens ?? []) {
        if (limit === 'seizedItems' && !draft.itemsSeized) continue;
        change.open(limit, limit === 'platformEntry' ? { title: PLATFORM_TITLES[action] } : {});
      }
      draft.steps = [...draft.steps, { step: spec.step, at: now.toISOString(), actor: actorOf(caller) }];
      draft.openLimits = records
        .filter((r) => !r.closedAt)
        .map((r) => ({ name: r.name, side: (r.context as { side: never }).side, dueAt: r.dueAt }));
      writeHandoff(work, before, draft, now);
      writeCase(work, c, before, draft, now);
      await work.commit(deps.store);
      return { ...draft, version: version + 1, updatedAt: now.toISOString() };
    }),
  );
}

const PLATFORM_TITLES: Partial<Record<HandoffAction, string>> = {
  approve: '录入信息共享平台：移送审批决定',
  refuse: '录入信息共享平台：移送审批决定',
  file: '录入信息共享平台：立案决定',
  decline: '录入信息共享平台：不予立案决定',
  reconsiderFile: '录入信息共享平台：复议决定',
  reconsiderUphold: '录入信息共享平台：复议决定',
};

function actorOf(caller: Caller) {
  const { id, name, unitId } = caller.actor;
  return { id, ...(name ? { name } : {}), ...(unitId ? { unitId } : {}) };
}

function writeHandoff(work: UnitOfWork, before: Handoff, draft: Handoff, now: Date): void {
  const version = before.version ?? 0;
  const update = diffUpdate(before, draft, ['version', 'updatedAt'])
    .setAll(handoffIndexes(draft))
    .set('version', version + 1)
    .set('updatedAt', now.toISOString());
  work.update(handoffKey(before.id) as NonNullable<ReturnType<typeof handoffKey>>, update, {
    expression: version === 0 ? 'attribute_exists(PK) AND attribute_not_exists(version)' : 'version = :read',
    values: version === 0 ? undefined : { ':read': version },
    onFailed: () => new StaleVersionError(HANDOFF, before.id, version),
  });
}

/** The case's own track moves with the hand-off; the police unit sees the case from the transfer on. */
function writeCase(work: UnitOfWork, c: EnforcementCase, before: Handoff, draft: Handoff, now: Date): void {
  const track = draft.status !== before.status ? caseTrackAction(draft.status) : undefined;
  const handoffStatus = track ? handoffMachine.next(c.handoffStatus, track, c.id) : c.handoffStatus;
  const police = draft.transferredAt
    ? [...new Set([...(c.policeUnitIds ?? []), draft.policeUnitId])]
    : c.policeUnitIds;
  if (handoffStatus === c.handoffStatus && police?.length === c.policeUnitIds?.length) return;
  const update = new Update().set('handoffStatus', handoffStatus).set('policeUnitIds', police);
  work.update(keys.case(c.id), update, bumpVersion(update, 'Case', c, now));
}
