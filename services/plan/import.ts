/**
 * Importing a plan document. Validation happens first and writes nothing on failure, including the
 * check of its units against the district's units already stored: a unit id another plan already uses
 * must carry the same name (it is then reused as stored, its group membership kept), never renamed.
 * The entities go in transactions of at most 100 items, each guarded by "the plan does not exist yet";
 * the plan header (which makes the plan visible), its audit entry and the PlanImported event are last.
 */
import { plan as planEvents } from '../events/catalog/index.ts';
import type { CommandDeps } from '../shared/commands/kit.ts';
import { BadUserInputError, ConflictError, type FieldProblem } from '../shared/errors.ts';
import type { Item } from '../shared/store/codec.ts';
import { type Key, keys } from '../shared/store/keys.ts';
import { MAX_TRANSACTION_ITEMS, UnitOfWork, type WorkContext } from '../shared/store/transaction.ts';
import { parseInput } from '../shared/validation.ts';
import { getUnits, unitItem } from '../units/repository.ts';
import { entitiesFromDocument } from './document.ts';
import { milestoneTimer } from './milestone-deadline.ts';
import { type Plan, PlanDocument, type Unit } from './model.ts';
import { getPlan, milestoneItem, planItem, taskItem } from './repository.ts';

export interface ImportOptions {
  /** Validate against the stored state (units, an existing plan id) and write nothing. */
  dryRun?: boolean;
}

export async function importPlan(
  deps: CommandDeps,
  context: Omit<WorkContext, 'now'>,
  document: unknown,
  options: ImportOptions = {},
): Promise<Plan> {
  const doc = parseInput(PlanDocument, document, 'document');
  const now = deps.clock.now();
  const { plan, units, tasks, milestones } = entitiesFromDocument(doc, now, context.actor.id);
  const stored = await getUnits(
    deps.store,
    units.map((u) => u.id),
  );
  assertUnitsAgree(units, stored);
  if (await getPlan(deps.store, plan.id)) throw planExists(plan.id);
  if (options.dryRun) return plan;

  const planKey = keys.plan(plan.id);
  const planIsNew = { expression: 'attribute_not_exists(PK)', onFailed: () => planExists(plan.id) };
  const work = { ...context, now };
  const batches: ((unit: UnitOfWork) => void)[] = [
    // A unit already stored is checked, not written: its name must still match, its members are its own.
    ...units.map((u) => (unit: UnitOfWork) => {
      if (stored.has(u.id)) {
        unit.check(keys.unit(u.id), {
          expression: '#name = :name',
          names: { '#name': 'name' },
          values: { ':name': u.name },
          onFailed: () =>
            new ConflictError(`Unit ${u.id} was renamed while the plan was imported: try again`),
        });
      } else {
        unit.put(unitItem(u), {
          expression: 'attribute_not_exists(PK)',
          onFailed: () =>
            new ConflictError(`Unit ${u.id} was created while the plan was imported: try again`),
        });
      }
    }),
    ...[
      ...tasks.map(taskItem),
      ...milestones.map((m) => milestoneItem(m, milestoneTimer(doc, m.dueAt, 0))),
    ].map((item: Item & Key) => (unit: UnitOfWork) => unit.put(item)),
  ];
  const chunk = MAX_TRANSACTION_ITEMS - 1;
  for (let i = 0; i < batches.length; i += chunk) {
    const unit = new UnitOfWork(work).check(planKey, planIsNew);
    for (const add of batches.slice(i, i + chunk)) add(unit);
    await unit.commit(deps.store);
  }
  const final = new UnitOfWork(work).put(planItem(plan), planIsNew);
  final.audit({
    entityType: 'Plan',
    entityId: plan.id,
    action: 'IMPORT',
    summary: `Imported ${plan.documentNumber} with ${tasks.length} tasks and ${milestones.length} milestones`,
  });
  final.emit(planEvents.PlanImported, {
    planId: plan.id,
    title: plan.title,
    documentNumber: plan.documentNumber,
    taskCount: tasks.length,
    milestoneCount: milestones.length,
  });
  await final.commit(deps.store);
  return plan;
}

function planExists(planId: string): ConflictError {
  return new ConflictError(`Plan ${planId} already exists`, { planId, reason: 'PLAN_EXISTS' });
}

/** A unit id names one unit in the whole district: the document may reuse it only under the same name. */
function assertUnitsAgree(units: readonly Unit[], stored: ReadonlyMap<string, Unit>): void {
  const problems: FieldProblem[] = [];
  units.forEach((unit, i) => {
    const existing = stored.get(unit.id);
    if (existing && existing.name !== unit.name) {
      problems.push({
        field: `document.units.${i}.name`,
        message: `unit ${unit.id} is already ${existing.name}; this document calls it ${unit.name} (use another id, or the stored name)`,
      });
    }
  });
  if (problems.length) throw new BadUserInputError(problems);
}
