import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targets } from '../../services/app/targets.ts';
import { catalog } from '../../services/events/catalog/index.ts';
import { validateEventPattern } from '../../services/events/pattern.ts';
import { rules, TARGETS } from '../../services/events/rules.ts';
import { renderSchemas, SCHEMA_DIR } from '../../services/events/write-json-schemas.ts';

describe('Event catalog', () => {
  it('gives every detail-type one definition with a clearwater source', () => {
    const names = catalog.map((d) => `${d.source}/${d.detailType}`);
    expect(new Set(names).size).toBe(names.length);
    for (const d of catalog) expect(d.source).toMatch(/^clearwater\.[a-z]+$/);
  });

  it('has its JSON Schemas committed and current (run `npm run events:schemas` when this fails)', () => {
    const expected = renderSchemas();
    expect(readdirSync(SCHEMA_DIR).sort()).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected)
      expect(readFileSync(join(SCHEMA_DIR, file), 'utf8'), file).toBe(text);
  });

  it('is listed in the README for integrators', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const d of catalog) expect(readme, d.detailType).toContain(`\`${d.detailType}\``);
  });
});

describe('Rules', () => {
  it('have unique names, valid patterns and a handler for every target', () => {
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(validateEventPattern(rule.pattern), rule.name).toEqual([]);
      expect(TARGETS).toContain(rule.target);
      expect(typeof targets[rule.target]).toBe('function');
    }
  });

  it('only name detail-types that exist in the catalog', () => {
    const known = new Set(catalog.map((d) => d.detailType));
    for (const rule of rules) {
      const types = (rule.pattern['detail-type'] as string[] | undefined) ?? [];
      for (const type of types) expect(known.has(type), `${rule.name}: ${type}`).toBe(true);
    }
  });
});
