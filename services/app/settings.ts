/**
 * Every section of the operator's settings, by name: checked together at start (the local runtime, each
 * Lambda cold start, `cdk synth`), so a mistake stops the start naming the field instead of failing the
 * first request that reads it. A context with settings adds its section here (one line).
 */
import type * as z from 'zod';
import { CasesSettings } from '../cases/settings.ts';
import { ComplaintsSettings } from '../complaints/settings.ts';
import { HandoffsSettings } from '../handoffs/limits.ts';
import { OutfallSettings } from '../outfalls/settings.ts';
import { readSection, type Settings, SettingsError } from '../shared/settings.ts';
import { CalendarSettings } from '../shared/time/calendar.ts';
import { WebhooksSettings } from '../webhooks/settings.ts';

export const SETTINGS_SECTIONS: Readonly<Record<string, z.ZodType>> = {
  calendar: CalendarSettings,
  outfalls: OutfallSettings,
  cases: CasesSettings,
  complaints: ComplaintsSettings,
  handoffs: HandoffsSettings,
  webhooks: WebhooksSettings,
};

/** Throws a SettingsError naming every bad field, or an unknown section (a typo would be silently ignored). */
export function validateSettings(settings: Settings): Settings {
  const unknown = Object.keys(settings).filter((name) => !(name in SETTINGS_SECTIONS));
  if (unknown.length) {
    throw new SettingsError(
      `Unknown settings section${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${Object.keys(SETTINGS_SECTIONS).join(', ')}`,
    );
  }
  for (const [name, schema] of Object.entries(SETTINGS_SECTIONS)) {
    readSection(settings, name, schema);
    // Unknown fields would be dropped without a word: a misspelt setting must not silently keep its default.
    const section = settings[name];
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (shape && section && typeof section === 'object') {
      const extra = Object.keys(section).filter((field) => !(field in shape));
      if (extra.length)
        throw new SettingsError(`Unknown setting ${extra.map((f) => `${name}.${f}`).join(', ')}`);
    }
  }
  return settings;
}
