/**
 * The flood season (汛期) of the gate rule: gate-controlled outfalls may be open only inside it (DOMAIN.md
 * §2; Shanxi commonly 06-01 to 09-30, a setting). Days are the district's local days. Pure.
 */
import { endOfLocalDay, localDate } from '../shared/time/offset.ts';

/** `MM-DD` to `MM-DD`, both days included; a season may wrap the new year (start after end). */
export interface FloodSeason {
  start: string;
  end: string;
}

export function inFloodSeason(at: Date, season: FloodSeason, utcOffset: string): boolean {
  const day = localDate(at, utcOffset).slice(5);
  return season.start <= season.end
    ? day >= season.start && day <= season.end
    : day >= season.start || day <= season.end;
}

/** The instant the flood season that contains `at` ends (24:00 of its last day), or null outside it. */
export function floodSeasonEnd(at: Date, season: FloodSeason, utcOffset: string): Date | null {
  if (!inFloodSeason(at, season, utcOffset)) return null;
  const date = localDate(at, utcOffset);
  const year = Number(date.slice(0, 4));
  const endYear = season.start > season.end && date.slice(5) >= season.start ? year + 1 : year;
  return endOfLocalDay(`${endYear}-${season.end}`, utcOffset);
}

/** A gate observed open at `at`: a violation unless it is the flood season. */
export function gateOpenViolates(at: Date, season: FloodSeason, utcOffset: string): boolean {
  return !inFloodSeason(at, season, utcOffset);
}
