/**
 * The local stand-in for the `clearwater` EventBridge bus: the same rule list, the same pattern
 * semantics and the same handlers as the CDK stack. Delivery is asynchronous with retries and backoff;
 * what exhausts its retries lands in a dead-letter list; every event is archived and can be replayed.
 */
import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { BusEvent } from '../shared/events/envelope.ts';
import type { TargetDeps, TargetHandler } from '../shared/events/target.ts';
import { eventLogFields } from './observed-target.ts';
import { matchesEventPattern } from './pattern.ts';
import type { EventSink } from './publisher.ts';
import type { RuleDefinition, TargetName } from './rules.ts';

export interface DeadLetter {
  rule: string;
  event: BusEvent;
  error: string;
  attempts: number;
  at: string;
}

export interface LocalBusOptions {
  rules: readonly RuleDefinition[];
  handlers: Record<TargetName, TargetHandler>;
  deps: TargetDeps;
  /** First retry delay; doubles each retry (EventBridge backs off too, much more slowly). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  log?: (message: string, context?: Record<string, unknown>) => void;
}

export class LocalBus implements EventSink {
  readonly archive: BusEvent[] = [];
  readonly deadLetters: DeadLetter[] = [];
  /** Successful handler invocations per rule. */
  readonly delivered: Record<string, number> = {};
  private readonly inflight = new Set<Promise<void>>();
  private readonly listeners = new Set<(event: BusEvent, rule: string) => void>();

  constructor(private readonly options: LocalBusOptions) {}

  async putEvents(entries: PutEventsRequestEntry[]): Promise<{ Entries: PutEventsResultEntry[] }> {
    const results = entries.map((entry) => {
      const event = toBusEvent(entry);
      if (typeof event === 'string') return { ErrorCode: 'MalformedDetail', ErrorMessage: event };
      this.archive.push(event);
      this.dispatch(event, this.options.rules);
      return { EventId: event.id };
    });
    return { Entries: results };
  }

  /** Re-delivers archived events whose time lies in [from, to] to the matching rules (all, or those named). */
  replay(range: { from: Date; to: Date; rules?: string[] }): number {
    const rules = this.options.rules.filter((r) => !range.rules || range.rules.includes(r.name));
    const events = this.archive.filter((e) => {
      const t = Date.parse(e.time);
      return t >= range.from.getTime() && t <= range.to.getTime();
    });
    for (const event of events) this.dispatch(event, rules);
    return events.length;
  }

  /** Resolves when no delivery (including retries) is in flight. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  get pending(): number {
    return this.inflight.size;
  }

  /** Called after each successful delivery: for tests and the dev server's log. */
  onDelivered(listener: (event: BusEvent, rule: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(event: BusEvent, rules: readonly RuleDefinition[]): void {
    for (const rule of rules) {
      if (!matchesEventPattern(rule.pattern, event as unknown as Record<string, unknown>)) continue;
      const delivery = this.deliver(rule, event).finally(() => this.inflight.delete(delivery));
      this.inflight.add(delivery);
    }
  }

  private async deliver(rule: RuleDefinition, event: BusEvent): Promise<void> {
    const handler = this.options.handlers[rule.target];
    const started = Date.now();
    const base = this.options.retryBaseMs ?? 200;
    for (let attempt = 0; ; attempt++) {
      try {
        await handler(event, this.options.deps);
      } catch (error) {
        const tooOld = Date.now() - started > rule.retry.maximumEventAgeSeconds * 1000;
        if (attempt >= rule.retry.maximumRetryAttempts || tooOld) {
          this.deadLetters.push({
            rule: rule.name,
            event,
            error: error instanceof Error ? error.message : String(error),
            attempts: attempt + 1,
            at: new Date().toISOString(),
          });
          this.options.log?.('Delivery dead-lettered', {
            ...eventLogFields(event),
            rule: rule.name,
            target: rule.target,
            error: String(error),
          });
          return;
        }
        await sleep(Math.min(this.options.retryMaxMs ?? 5000, base * 2 ** attempt));
        continue;
      }
      this.delivered[rule.name] = (this.delivered[rule.name] ?? 0) + 1;
      // Outside the try: a listener's failure is not the handler's and must not cause a re-delivery.
      for (const listener of this.listeners) {
        try {
          listener(event, rule.name);
        } catch (error) {
          this.options.log?.('Delivery listener failed', { rule: rule.name, error: String(error) });
        }
      }
      return;
    }
  }
}

function toBusEvent(entry: PutEventsRequestEntry): BusEvent | string {
  if (!entry.Source || !entry.DetailType || !entry.Detail)
    return 'Source, DetailType and Detail are required';
  try {
    return {
      version: '0',
      id: randomUUID(),
      source: entry.Source,
      'detail-type': entry.DetailType,
      account: '000000000000',
      time: (entry.Time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: 'local',
      resources: entry.Resources ?? [],
      detail: JSON.parse(entry.Detail),
    };
  } catch {
    return 'Detail is not valid JSON';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
