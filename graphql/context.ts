/** What every resolver receives: who is asking, the store, the clock, and per-request loaders. */
import DataLoader from 'dataloader';
import type { Milestone, Plan, Task, Unit } from '../services/plan/model.ts';
import { getPlan, getUnits, listPlanTasks, listUnits, type PlanTasks } from '../services/plan/repository.ts';
import type { Actor } from '../services/shared/auth/principal.ts';
import type { Clock } from '../services/shared/clock.ts';
import type { Store } from '../services/shared/store/client.ts';
import type { HolidayCalendar } from '../services/shared/time/calendar.ts';

export interface Context {
  actor: Actor | null;
  store: Store;
  clock: Clock;
  correlationId: string;
  loaders: Loaders;
  /** Local runtime only: webhooks may target http://localhost and http://127.0.0.1. */
  allowInsecureLocalhost: boolean;
  /** The district's holiday calendar and UTC offset, for periods (the operator's settings). */
  calendar: HolidayCalendar;
  timeZone: string;
}

export interface Loaders {
  plan: DataLoader<string, Plan | undefined>;
  /** All tasks and milestones of a plan: one query, shared by every field that needs them. */
  planTasks: DataLoader<string, PlanTasks>;
  /** Units by id, batched into BatchGetItem. */
  unit: DataLoader<string, Unit | undefined>;
  allUnits: () => Promise<Unit[]>;
  milestonesOf: (task: Task) => Promise<Milestone[]>;
}

export function createLoaders(store: Store): Loaders {
  const plan = new DataLoader<string, Plan | undefined>((ids) =>
    Promise.all(ids.map((id) => getPlan(store, id))),
  );
  const planTasks = new DataLoader<string, PlanTasks>((ids) =>
    Promise.all(ids.map((id) => listPlanTasks(store, id))),
  );
  const unit = new DataLoader<string, Unit | undefined>(async (ids) => {
    const found = await getUnits(store, ids);
    return ids.map((id) => found.get(id));
  });
  let units: Promise<Unit[]> | undefined;
  return {
    plan,
    planTasks,
    unit,
    allUnits: () => {
      units ??= listUnits(store).then((list) => {
        for (const u of list) unit.prime(u.id, u);
        return list;
      });
      return units;
    },
    milestonesOf: async (task) => (await planTasks.load(task.planId)).milestonesByTask.get(task.id) ?? [],
  };
}
