/**
 * The local runtime's clock and how `POST /_local/clock` and `CLEARWATER_CLOCK` read an instant.
 *
 * A date or date-time written without an offset is read in the plan's offset (+08:00 for Yanhu), the
 * way the plan's own deadlines are: `2020-05-08` is midnight in Yanhu, not 08:00 there. The clock only
 * moves forward: ladder steps that fired cannot un-fire, so going back would show a state that never was.
 */
import { formatAtOffset } from '../plan/deadline.ts';
import { OffsetClock } from '../shared/clock.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
const DATE_TIME_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2})$/;

export const INSTANT_HELP =
  'an ISO 8601 date-time (2020-05-08T00:00:00+08:00), or a date or date-time without offset, read in the plan’s offset';

/** The instant `text` names, reading offset-less input at `offset`; null when it names none. */
export function parseLocalInstant(text: string, offset: string): Date | null {
  const trimmed = text.trim();
  let withOffset: string;
  let writtenOffset = offset;
  if (DATE.test(trimmed)) withOffset = `${trimmed}T00:00:00${offset}`;
  else if (LOCAL_DATE_TIME.test(trimmed)) withOffset = `${trimmed}${offset}`;
  else {
    const match = DATE_TIME_WITH_OFFSET.exec(trimmed);
    if (!match) return null;
    withOffset = trimmed;
    writtenOffset = match[2] === 'Z' ? '+00:00' : (match[2] as string);
  }
  const instant = new Date(withOffset);
  if (Number.isNaN(instant.getTime())) return null;
  // Date rolls 2020-02-30 over to March 1st: refuse a day the calendar does not have.
  if (formatAtOffset(instant, writtenOffset).slice(0, 10) !== trimmed.slice(0, 10)) return null;
  return instant;
}

/** An offset clock that can start paused: it stands still until it is first set, then runs in real time. */
export class LocalClock extends OffsetClock {
  private pausedAt: Date | null;

  constructor(start: Date, options: { paused?: boolean } = {}) {
    super(start);
    this.pausedAt = options.paused ? new Date(start.getTime()) : null;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  override now(): Date {
    return this.pausedAt ? new Date(this.pausedAt.getTime()) : super.now();
  }

  override set(instant: Date): void {
    this.pausedAt = null;
    super.set(instant);
  }
}

/** Why the clock may not be moved to `next`, or null when it may. */
export function clockMoveProblem(current: Date, next: Date): string | null {
  if (next.getTime() >= current.getTime()) return null;
  return (
    `The clock only moves forward: it is ${current.toISOString()} and ${next.toISOString()} is earlier. ` +
    'Ladder steps that fired cannot un-fire; to start over at an earlier instant, restart with CLEARWATER_CLOCK (in memory, or with a new --persist folder).'
  );
}
