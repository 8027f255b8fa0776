/**
 * The update that turns a stored item's attributes `before` into `after`: top-level attributes whose
 * value changed are set, those that became undefined or disappeared are removed. Lets a command change a
 * draft copy of an entity and write only what it changed.
 */
import { Update } from './update.ts';

export function diffUpdate<T extends object>(before: T, after: T, skip: readonly string[] = []): Update {
  const old = before as Record<string, unknown>;
  const update = new Update();
  for (const [name, value] of Object.entries(after)) {
    if (skip.includes(name)) continue;
    if (JSON.stringify(value) !== JSON.stringify(old[name])) update.set(name, value);
  }
  for (const name of Object.keys(old)) {
    if (!skip.includes(name) && !(name in after) && old[name] !== undefined) update.remove(name);
  }
  return update;
}
