/** Lambda adapter: the every-minute schedule runs one deadline sweep. */

import { type SweepReport, sweep } from '../deadlines/sweeper.ts';
import { timerHandlers } from '../deadlines/timer-kinds.ts';
import { clock, lambdaStore, log } from './runtime.ts';

export async function handler(): Promise<SweepReport> {
  const report = await sweep({ store: lambdaStore(), clock, fetch }, timerHandlers, log);
  log('Sweep finished', { ...report });
  return report;
}
