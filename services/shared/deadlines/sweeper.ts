/**
 * The deadline sweeper: reads the due part of the sparse Timers index (cost grows with due items, not
 * with all items) and hands each due item to the handler of its deadline kind.
 */

import { METRIC, type Telemetry } from '../telemetry.ts';
import type { DeadlineKindRegistry, TimerDeps } from './kinds.ts';
import { type DueTimerItem, dueTimers } from './timer.ts';

export interface SweepReport {
  at: string;
  /** Due items read from the index. */
  read: number;
  /** Ladder steps / attempts that took effect. */
  fired: number;
  /** Handlers that threw: their timers stay due and the next sweep retries them. */
  failed: number;
  requests: number;
}

const CONCURRENCY = 8;

export async function sweep(
  deps: TimerDeps,
  kinds: DeadlineKindRegistry,
  log: (message: string, context?: Record<string, unknown>) => void = () => {},
): Promise<SweepReport> {
  const before = deps.store.stats.requests;
  const at = deps.clock.now().toISOString();
  const due = await dueTimers(deps.store, at);
  const sweepDeps: TimerDeps = { ...deps, memo: new Map() };
  const report: SweepReport = { at, read: due.length, fired: 0, failed: 0, requests: 0 };
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const item = due[next++] as DueTimerItem;
      const kind = kinds[item.timerKind];
      if (!kind) {
        log('No handler for timer kind', { timerKind: item.timerKind, PK: item.PK, SK: item.SK });
        report.failed++;
        continue;
      }
      try {
        // Not `report.fired += await …`: that reads the total before awaiting and loses concurrent updates.
        const fired = await kind.fire(item, sweepDeps);
        report.fired += fired;
      } catch (error) {
        report.failed++;
        log('Timer handler failed; will retry next sweep', {
          timerKind: item.timerKind,
          PK: item.PK,
          SK: item.SK,
          error: String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
  report.requests = deps.store.stats.requests - before;
  return report;
}

/** A sweep's report as a log line and metrics: the Lambda adapter and the local runtime say the same. */
export function observeSweep(telemetry: Telemetry, report: SweepReport): void {
  telemetry.count(METRIC.sweepItemsRead, report.read);
  telemetry.count(METRIC.deadlineStepsFired, report.fired);
  telemetry.count(METRIC.sweepFailures, report.failed);
  telemetry.log(report.failed > 0 ? 'warn' : 'info', 'Sweep finished', { ...report });
}
