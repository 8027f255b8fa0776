/**
 * Importing a plan document. Validation happens first and writes nothing on failure. The entities go
 * in transactions of at most 100 items, each guarded by "the plan does not exist yet"; the plan header
 * (which makes the plan visible), its audit entry and the PlanImported event are committed last.
 */
import { ladderTimer } from '../deadlines/ladder.ts';
import { plan as planEvents } from '../events/catalog/index.ts';
import type { Clock } from '../shared/clock.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Store } from '../shared/store/client.ts';
import type { Item } from '../shared/store/codec.ts';
import { type Key, keys } from '../shared/store/keys.ts';
import { MAX_TRANSACTION_ITEMS, UnitOfWork, type WorkContext } from '../shared/store/transaction.ts';
import { parseInput } from '../shared/validation.ts';
import { entitiesFromDocument } from './document.ts';
import { type Plan, PlanDocument } from './model.ts';
import { milestoneItem, planItem, taskItem, unitItem } from './repository.ts';

export async function importPlan(
  deps: { store: Store; clock: Clock },
  context: Omit<WorkContext, 'now'>,
  document: unknown,
): Promise<Plan> {
  const doc = parseInput(PlanDocument, document, 'document');
  const now = deps.clock.now();
  const { plan, units, tasks, milestones } = entitiesFromDocument(doc, now, context.actor.id);
  const planKey = keys.plan(plan.id);
  const planIsNew = {
    expression: 'attribute_not_exists(PK)',
    onFailed: () => new ConflictError(`Plan ${plan.id} already exists`, { planId: plan.id }),
  };
  const items: (Item & Key)[] = [
    ...units.map(unitItem),
    ...tasks.map(taskItem),
    ...milestones.map((m) => milestoneItem(m, { ...ladderTimer(doc.ladder, m.dueAt, 0) })),
  ];
  const work = { ...context, now };
  const chunk = MAX_TRANSACTION_ITEMS - 1;
  for (let i = 0; i < items.length; i += chunk) {
    const unit = new UnitOfWork(work).check(planKey, planIsNew);
    for (const item of items.slice(i, i + chunk)) unit.put(item);
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
