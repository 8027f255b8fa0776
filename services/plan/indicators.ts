/** Whether an indicator's latest reported value meets its target. Pure. */
import type { Indicator, Task } from './model.ts';

/** True when the value is within the target; null before any report. */
export function indicatorMet(indicator: Indicator, value: number | undefined): boolean | null {
  if (value === undefined) return null;
  return (
    (indicator.min === undefined || value >= indicator.min) &&
    (indicator.max === undefined || value <= indicator.max)
  );
}

export function indicatorValue(task: Task, indicator: Indicator): number | undefined {
  return task.indicatorValues[indicator.id];
}
