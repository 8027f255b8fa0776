/**
 * Commands on one entity, run one after another within this process. Optimistic concurrency keeps
 * writers in different processes (Lambda containers) correct; queueing the ones that share a process
 * keeps them from racing each other into conflicts and retries, so a hot task takes a burst of
 * concurrent reports in sequence instead of failing most of them.
 */
const queues = new Map<string, Promise<unknown>>();

export function serialized<T>(key: string, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(run);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}
