/** Instants given by clients for what already happened: default now, never in the future. */
import { BadUserInputError } from '../shared/errors.ts';

/** A minute's grace for clocks that run a little ahead of the server's. */
const GRACE_MS = 60_000;

export function pastInstant(value: string | undefined, now: Date, field: string): Date {
  if (value === undefined) return now;
  const instant = new Date(value);
  if (instant.getTime() > now.getTime() + GRACE_MS) {
    throw new BadUserInputError([{ field, message: 'must not be in the future' }]);
  }
  return instant;
}
