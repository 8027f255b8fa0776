/** Every settings section is checked at start (services/app/settings.ts): a mistake names its field. */
import { describe, expect, it } from 'vitest';
import { validateSettings } from '../../services/app/settings.ts';
import { SettingsError } from '../../services/shared/settings.ts';

describe('Settings sections', () => {
  it('accepts no settings (every section at its defaults) and a valid document', () => {
    expect(validateSettings({})).toEqual({});
    const valid = {
      calendar: { timeZone: '+08:00' },
      outfalls: { remindBeforeDays: 5 },
      cases: {},
      complaints: {},
    };
    expect(validateSettings(valid)).toBe(valid);
  });

  it('refuses an unknown section, naming it and the known ones', () => {
    expect(() => validateSettings({ outfall: {} })).toThrow(
      /Unknown settings section outfall; known: calendar, outfalls/,
    );
  });

  it('refuses a misspelt field instead of silently keeping its default', () => {
    expect(() => validateSettings({ outfalls: { remindBeforDays: 5 } })).toThrow(
      /Unknown setting outfalls\.remindBeforDays/,
    );
  });

  it('refuses a bad field of any section at once, naming its path', () => {
    expect(() => validateSettings({ complaints: { closureLimitDays: 'sixty' } })).toThrow(SettingsError);
    expect(() => validateSettings({ outfalls: { remindBeforeDays: -1 } })).toThrow(
      /outfalls\.remindBeforeDays/,
    );
  });
});
