/**
 * Specification of operator settings: one JSON document from the environment, read once; each module
 * reads its own section with its own schema and defaults; anything invalid stops the start, naming why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { loadSettings, readSection, SettingsError } from '../../services/shared/settings.ts';

const document = { calendar: { timeZone: '+08:00' }, outfalls: { floodSeason: ['06-01', '09-30'] } };

function settingsFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'clearwater-settings-')), 'settings.json');
  writeFileSync(file, text);
  return file;
}

describe('loadSettings', () => {
  it('reads the JSON in CLEARWATER_SETTINGS', () => {
    expect(loadSettings({ CLEARWATER_SETTINGS: JSON.stringify(document) })).toEqual(document);
  });

  it('reads the file named by CLEARWATER_SETTINGS_FILE', () => {
    const file = settingsFile(JSON.stringify(document));
    expect(loadSettings({ CLEARWATER_SETTINGS_FILE: file })).toEqual(document);
  });

  it('is empty when neither is set, so every section takes its defaults', () => {
    expect(loadSettings({})).toEqual({});
  });

  it.each([
    [{ CLEARWATER_SETTINGS: '{}', CLEARWATER_SETTINGS_FILE: '/tmp/x.json' }, /not both/],
    [{ CLEARWATER_SETTINGS: '{"calendar": ' }, /CLEARWATER_SETTINGS is not JSON/],
    [{ CLEARWATER_SETTINGS: '[1, 2]' }, /must be a JSON object/],
    [{ CLEARWATER_SETTINGS_FILE: '/nonexistent/clearwater.json' }, /Cannot read CLEARWATER_SETTINGS_FILE/],
  ])('refuses %j', (env, message) => {
    expect(() => loadSettings(env)).toThrow(SettingsError);
    expect(() => loadSettings(env)).toThrow(message);
  });

  it('names the file when its content is not JSON', () => {
    const file = settingsFile('timeZone: +08:00');
    expect(() => loadSettings({ CLEARWATER_SETTINGS_FILE: file })).toThrow(file);
  });
});

describe('readSection', () => {
  const Cases = z.object({ reinspectionDays: z.number().int().positive().default(30) }).strict();

  it('applies the schema defaults to an absent section', () => {
    expect(readSection(document, 'cases', Cases)).toEqual({ reinspectionDays: 30 });
  });

  it('keeps the values given', () => {
    expect(readSection({ cases: { reinspectionDays: 15 } }, 'cases', Cases)).toEqual({
      reinspectionDays: 15,
    });
  });

  it('names the field of an invalid value with its section', () => {
    const read = () => readSection({ cases: { reinspectionDays: -3 } }, 'cases', Cases);
    expect(read).toThrow(SettingsError);
    expect(read).toThrow(/cases\.reinspectionDays: /);
  });
});
