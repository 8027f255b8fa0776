/**
 * Operator settings: one JSON document, given by the environment as `CLEARWATER_SETTINGS` (the JSON
 * itself) or `CLEARWATER_SETTINGS_FILE` (a file holding it), read once at start. Each module reads its
 * own section with its own zod schema; an invalid section stops the start with the field's path.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** The whole settings document: one section per module, e.g. `{ "calendar": { … } }`. */
export type Settings = Readonly<Record<string, unknown>>;

export const SETTINGS_ENV = {
  json: 'CLEARWATER_SETTINGS',
  file: 'CLEARWATER_SETTINGS_FILE',
} as const;

/** Settings that cannot be used: the service must not start with them. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Reads the settings document from the environment; none given is `{}` (every section at its defaults). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const json = env[SETTINGS_ENV.json];
  const file = env[SETTINGS_ENV.file];
  if (json && file) {
    throw new SettingsError(`Set ${SETTINGS_ENV.json} or ${SETTINGS_ENV.file}, not both`);
  }
  if (file) return parseSettings(readSettingsFile(file), `${SETTINGS_ENV.file} (${file})`);
  if (json) return parseSettings(json, SETTINGS_ENV.json);
  return {};
}

/** Parses a settings document; `origin` says where it came from in error messages. */
export function parseSettings(text: string, origin = 'settings'): Settings {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`${origin} is not JSON: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new SettingsError(`${origin} must be a JSON object with one member per section`);
  }
  return document as Settings;
}

/** One section, parsed by its schema with the schema's defaults; an absent section is `{}`. */
export function readSection<S extends z.ZodType>(settings: Settings, name: string, schema: S): z.output<S> {
  const result = schema.safeParse(settings[name] ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${[name, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
  throw new SettingsError(`Invalid settings — ${problems.join('; ')}`);
}

function readSettingsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SettingsError(`Cannot read ${SETTINGS_ENV.file} (${path}): ${(error as Error).message}`);
  }
}
