/**
 * How every command on an existing case runs: queued behind other commands on the case in this process,
 * retried after a conflict when the caller sent no expected version; it authorizes, reads the whole case
 * (one query, plus its enterprise file), lets the command change a draft of it and add its own items to
 * the unit of work, reviews the crime grounds on the result, then writes what changed — with the case's
 * list index, the bureau's counts and a version check — in one transaction.
 */
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
import { timeOf } from '../shared/deps.ts';
import { NotFoundError } from '../shared/errors.ts';
import { diffUpdate } from '../shared/store/diff.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import type { DistrictTime } from '../shared/time/zone.ts';
import { canRunCases } from './access.ts';
import { reviewCrimeGrounds } from './crime-suspicion.ts';
import type { CaseAggregate, Discharger, EnforcementCase } from './model.ts';
import { caseIndexes, countAttribute, getCaseAggregate, getDischarger } from './repository.ts';
import { type CasesSettings, casesSettings } from './settings.ts';

export const CASE = 'Case';

export interface CaseChange {
  /** The case as read. */
  readonly before: CaseAggregate;
  /** The case as the command leaves it: change `draft.case` and the lists; put new items on `work`. */
  readonly draft: CaseAggregate;
  readonly work: UnitOfWork;
  readonly now: Date;
  readonly settings: CasesSettings;
  readonly time: DistrictTime;
  /** The party's enterprise file; a command that changes the party sets it. */
  discharger?: Discharger;
}

export interface ChangeOptions {
  caseId: string;
  expectedVersion?: number;
  /** Authorization other than running cases (e.g. the supervisor's closure decision). */
  authorize?: (settings: CasesSettings) => void;
}

export async function changeCase<T>(
  deps: CommandDeps,
  caller: Caller,
  options: ChangeOptions,
  body: (change: CaseChange) => T | Promise<T>,
): Promise<{ case: EnforcementCase; result: T }> {
  const settings = casesSettings(deps);
  if (options.authorize) options.authorize(settings);
  else authorize(caller.actor, canRunCases, settings);
  return serialized(`case:${options.caseId}`, () =>
    retryOnConflict(options.expectedVersion, async () => {
      const before = await getCaseAggregate(deps.store, options.caseId);
      if (!before) throw new NotFoundError(CASE, options.caseId);
      checkVersion(CASE, before.case, options.expectedVersion);
      const partyFile = before.case.party?.dischargerId;
      const change: CaseChange = {
        before,
        draft: structuredClone(before),
        work: unitOfWork(deps, caller),
        now: deps.clock.now(),
        settings,
        time: timeOf(deps),
        discharger: partyFile ? await getDischarger(deps.store, partyFile) : undefined,
      };
      const result = await body(change);
      reviewCrimeGrounds(change.work, change.draft, change.discharger, settings);
      const written = writeCase(change);
      await change.work.commit(deps.store);
      return { case: written, result };
    }),
  );
}

/** Adds the case item's update (changed fields, index, version) and the bureau's counts to the work. */
function writeCase({ before, draft, work, now }: CaseChange): EnforcementCase {
  const old = before.case;
  const next = { ...draft.case, version: old.version + 1, updatedAt: now.toISOString() };
  const update = diffUpdate(old, next, ['version', 'updatedAt']).setAll(caseIndexes(next));
  work.update(keys.case(old.id), update, bumpVersion(update, CASE, old, now));
  if (next.status !== old.status) {
    work.update(
      keys.caseStats(old.bureauUnitId),
      new Update().increment(countAttribute(old.status), -1).increment(countAttribute(next.status), 1),
    );
  }
  return next;
}
