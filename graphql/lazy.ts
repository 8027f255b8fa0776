/**
 * Functions of a module loaded on first call. The Lambda bundle is split (infra/bundling.ts): each
 * `import()` given here becomes a chunk of its own, so a cold start parses the server, the schema and the
 * read paths only, and the first mutation of a kind loads its command module once per instance.
 *
 *   const { openCase } = lazy(() => import('../../services/cases/case-commands.ts'));
 *
 * Only functions can be taken this way (each becomes async); constants the schema needs while it is built
 * stay static imports, which leave the rest of their module to the chunk.
 */

type AsyncFunctions<M> = {
  [K in keyof M as M[K] extends (...args: never[]) => unknown ? K : never]: M[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

export function lazy<M extends object>(load: () => Promise<M>): AsyncFunctions<M> {
  let loading: Promise<M> | undefined;
  const loaded = () => {
    // A failed load is not remembered: the next call tries again.
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const functions = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as AsyncFunctions<M>, {
    get: (_target, name) => {
      // Not a thenable, not a symbol-keyed protocol: only the module's functions by name.
      if (typeof name !== 'string' || name === 'then') return undefined;
      let call = functions.get(name);
      if (!call) {
        call = async (...args) => {
          const fn = (await loaded())[name as keyof M];
          if (typeof fn !== 'function')
            throw new TypeError(`The lazy module exports no function ${String(name)}`);
          return fn(...args);
        };
        functions.set(name, call);
      }
      return call;
    },
  });
}
