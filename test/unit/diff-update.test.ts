import { describe, expect, it } from 'vitest';
import { diffUpdate } from '../../services/shared/store/diff.ts';

describe('diffUpdate', () => {
  it('sets what changed, removes what became undefined or disappeared, and skips what it is told to', () => {
    const before: Record<string, unknown> = {
      a: 1,
      b: { x: [1, 2] },
      c: 'same',
      d: 'gone',
      e: 'undefined now',
      version: 3,
    };
    const after = { a: 2, b: { x: [1, 2, 3] }, c: 'same', e: undefined, f: 'new', version: 4 };

    const { expression, names, values } = diffUpdate(before, after, ['version']).build();

    const named = (placeholder: string) => names?.[placeholder];
    const sets = /SET (.*?)( REMOVE|$)/.exec(expression)?.[1]?.split(', ') ?? [];
    const removes = /REMOVE (.*)$/.exec(expression)?.[1]?.split(', ') ?? [];
    expect(
      sets.map((s) => {
        const [n, v] = s.split(' = ');
        return [named(n as string), values?.[v as string]];
      }),
    ).toEqual([
      ['a', 2],
      ['b', { x: [1, 2, 3] }],
      ['f', 'new'],
    ]);
    expect(removes.map(named).sort()).toEqual(['d', 'e']);
  });

  it('changes nothing when nothing changed', () => {
    expect(diffUpdate({ a: [1], b: 'x' }, { a: [1], b: 'x' }).isEmpty).toBe(true);
  });
});
