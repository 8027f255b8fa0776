/** Lambda adapter: the every-minute schedule runs one deadline sweep. */

import { deadlineKinds } from '../app/deadline-kinds.ts';
import { type SweepReport, sweep } from '../shared/deadlines/sweeper.ts';
import { clock, lambdaStore, log, settings, time } from './runtime.ts';

export async function handler(): Promise<SweepReport> {
  const report = await sweep({ store: lambdaStore(), clock, settings, time, fetch }, deadlineKinds, log);
  log('Sweep finished', { ...report });
  return report;
}
