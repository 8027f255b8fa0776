/**
 * graphql/lazy.ts: a module's functions called before the module is loaded. The Lambda bundle's command
 * chunks depend on it: loaded once per instance, at the first call, and tried again after a failed load.
 */
import { describe, expect, it } from 'vitest';
import { lazy } from '../../graphql/lazy.ts';

const module = {
  double: (n: number) => n * 2,
  greet: async (name: string) => `hello ${name}`,
  LIMIT: 3,
};

describe('lazy', () => {
  it('loads nothing until a function is called, then loads the module once for every call', async () => {
    let loads = 0;
    const { double, greet } = lazy(async () => {
      loads++;
      return module;
    });
    expect(loads).toBe(0);

    const results = await Promise.all([double(2), greet('Yanhu'), double(5)]);

    expect(results).toEqual([4, 'hello Yanhu', 10]);
    await double(1);
    expect(loads).toBe(1);
  });

  it('tries the load again on the next call after a failed one', async () => {
    let attempts = 0;
    const { double } = lazy(async () => {
      attempts++;
      if (attempts === 1) throw new Error('chunk not readable');
      return module;
    });

    await expect(double(1)).rejects.toThrow('chunk not readable');
    await expect(double(4)).resolves.toBe(8);
    expect(attempts).toBe(2);
  });

  it('passes a function’s own error through, and refuses a name that is not a function of the module', async () => {
    const { fail } = lazy(async () => ({
      fail: async () => {
        throw new RangeError('refused');
      },
    }));
    await expect(fail()).rejects.toThrow(RangeError);

    const untyped = lazy(async () => module) as unknown as Record<string, () => Promise<unknown>>;
    await expect(untyped.LIMIT?.()).rejects.toThrow('exports no function LIMIT');
  });

  it('is not mistaken for a promise', async () => {
    const functions = lazy(async () => module);

    expect((functions as unknown as { then?: unknown }).then).toBeUndefined();
    expect(await Promise.resolve(functions)).toBe(functions);
  });
});
