/**
 * The key registry (services/shared/store/keys.ts) as a specification: every kind of item and every index
 * entry is a template of `#`-separated segments; two kinds can hold the same key only if their templates
 * unify segment by segment, and no two do. Slot values that could break that layout are refused.
 */
import { describe, expect, it } from 'vitest';
import {
  InvalidIdentifierError,
  indexKeys,
  type KeyTemplate,
  keys,
} from '../../services/shared/store/keys.ts';

/** Whether some string fits both templates: same segment count, and each segment pair literal-equal or slotted. */
function unify(a: KeyTemplate, b: KeyTemplate): boolean {
  if (a.segments.length !== b.segments.length) return false;
  return a.segments.every((x, i) => {
    const y = b.segments[i] as (typeof b.segments)[number];
    if (x.literal !== undefined && y.literal !== undefined) return x.literal === y.literal;
    // A slot is never empty: it cannot stand for an empty literal segment.
    if (x.literal !== undefined) return x.literal !== '';
    if (y.literal !== undefined) return y.literal !== '';
    return true;
  });
}

const items = Object.entries(keys);
const entries = Object.entries(indexKeys);

describe('Key registry', () => {
  it('gives no two kinds of item a key they could both hold', () => {
    const clashes: string[] = [];
    for (const [i, [nameA, a]] of items.entries()) {
      for (const [nameB, b] of items.slice(i + 1)) {
        if (unify(a.pk, b.pk) && unify(a.sk, b.sk)) clashes.push(`${nameA} ~ ${nameB}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('gives no two index entries on the same index a partition and sort key they could both hold', () => {
    const clashes: string[] = [];
    for (const [i, [nameA, a]] of entries.entries()) {
      for (const [nameB, b] of entries.slice(i + 1)) {
        if (a.index === b.index && unify(a.pk, b.pk) && unify(a.sk, b.sk))
          clashes.push(`${nameA} ~ ${nameB}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('detects a clash when there is one (the check itself can fail)', () => {
    expect(unify(keys.task.sk, keys.milestone.sk)).toBe(false);
    expect(unify(keys.task.pk, keys.milestone.pk)).toBe(true);
    expect(unify(keys.progressReport.sk, keys.audit.sk)).toBe(true);
    expect(unify(keys.progressReport.pk, keys.audit.pk)).toBe(false);
  });

  it('builds keys from the templates, in slot order', () => {
    expect(keys.milestone('yanhu-2020', '6', 'hitech-wwtp')).toEqual({
      PK: 'PLAN#yanhu-2020',
      SK: 'TASK#6#MS#hitech-wwtp',
    });
    expect(keys.audit.partition('Task', 'yanhu-2020:6')).toBe('AUDIT#Task#yanhu-2020:6');
    expect(keys.task.sortPrefix()).toBe('TASK#');
    expect(indexKeys.planList.sort('2020', 'yanhu-2020')).toBe('2020#yanhu-2020');
  });

  it('refuses identifiers that could break the layout: empty, with "#", or too long', () => {
    for (const bad of ['', 'a#b', '#', 'x'.repeat(1025)]) {
      expect(() => keys.task('yanhu-2020', bad)).toThrow(InvalidIdentifierError);
    }
  });

  it('refuses a key over DynamoDB’s byte limits (UTF-8 bytes, not characters)', () => {
    const chinese = '水'.repeat(400); // 400 characters, 1,200 bytes
    expect(() => keys.task('yanhu-2020', chinese)).toThrow(InvalidIdentifierError); // sort key > 1,024 bytes
    expect(() => keys.unit('水'.repeat(700))).toThrow(InvalidIdentifierError); // partition key > 2,048 bytes
    expect(keys.unit('水'.repeat(300)).PK).toHaveLength(5 + 300);
  });

  it('answers an invalid identifier as bad input, naming no more than 60 characters of it', () => {
    try {
      keys.unit(`${'u'.repeat(5000)}#`);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidIdentifierError);
      expect((error as InvalidIdentifierError).code).toBe('BAD_USER_INPUT');
      expect((error as Error).message.length).toBeLessThan(120);
    }
  });

  it('keeps every template to whole-segment slots', () => {
    for (const [, kind] of items) {
      for (const template of [kind.pk, kind.sk]) {
        for (const segment of template.segments) {
          if (segment.slot === undefined) expect(segment.literal).not.toMatch(/[{}]/);
        }
      }
    }
  });
});
