/** What every resolver receives: who is asking, the store, the clock, and per-request loaders. */
import DataLoader from 'dataloader';
import type { Milestone, Plan, Task } from '../services/plan/model.ts';
import { getPlan, listPlanTasks, type PlanTasks } from '../services/plan/repository.ts';
import type { Actor } from '../services/shared/auth/principal.ts';
import type { Clock } from '../services/shared/clock.ts';
import type { Caller, CommandDeps } from '../services/shared/commands/kit.ts';
import type { HostResolver } from '../services/shared/outbound.ts';
import type { Settings } from '../services/shared/settings.ts';
import type { Store } from '../services/shared/store/client.ts';
import type { DistrictTime } from '../services/shared/time/zone.ts';
import type { Unit } from '../services/units/model.ts';
import { getUnits, listUnits } from '../services/units/repository.ts';

export interface Context {
  actor: Actor | null;
  store: Store;
  clock: Clock;
  correlationId: string;
  loaders: Loaders;
  /** Local runtime only: webhooks may target http://localhost and http://127.0.0.1. */
  allowInsecureLocalhost: boolean;
  /** DNS for checking webhook URLs (absent: the system resolver; tests inject one). */
  resolveHost?: HostResolver;
  /** The operator's settings (absent: defaults). */
  settings?: Settings;
  /** The district's UTC offset and holiday calendar, for periods (absent: +08:00 and the package's). */
  time?: DistrictTime;
}

/** The context of a field behind an auth scope: the caller is known. */
export type AuthenticatedContext = Context & { actor: Actor };

/** The caller of a command: the actor and the request's correlation id. */
export function callerOf(ctx: AuthenticatedContext): Caller {
  return { actor: ctx.actor, correlationId: ctx.correlationId };
}

/** What a command needs from the request's context. */
export function depsOf(ctx: Context): CommandDeps {
  return { store: ctx.store, clock: ctx.clock, settings: ctx.settings, time: ctx.time };
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

/** Loads units by id, leaving out ids that name no unit. */
export async function loadUnits(ctx: Context, ids: readonly string[]): Promise<Unit[]> {
  const found = await ctx.loaders.unit.loadMany(ids);
  return found.filter((u): u is Unit => !!u && !(u instanceof Error));
}

/** A DataLoader's `loadMany` answer as node loaders return it: null for what is absent; failures thrown. */
export function orNull<T>(found: readonly (T | Error | undefined | null)[]): (T | null)[] {
  const failed = found.find((f): f is Error => f instanceof Error);
  if (failed) throw failed;
  return found.map((f) => (f as T | undefined | null) ?? null);
}
