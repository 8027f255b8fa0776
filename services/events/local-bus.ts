/**
 * The local stand-in for the `clearwater` EventBridge bus: the same rule list, the same pattern
 * semantics and the same handlers as the CDK stack. Delivery is asynchronous with retries and backoff;
 * what exhausts its retries lands in a dead-letter list; every event is archived and can be replayed.
 *
 * Durability (with a journal, i.e. `npm start -- --persist`): like EventBridge, an accepted event is
 * durable before PutEvents answers. The bus writes each accepted event and its pending (rule, event)
 * deliveries to the journal first, marks each delivery finished when its handler succeeds or it is
 * dead-lettered, and `resume()` re-dispatches the unfinished ones after a restart. So the publisher may
 * checkpoint the stream as soon as PutEvents answers, and a crash costs at most a repeated delivery
 * (handlers are idempotent on eventId), never a lost one. Without a journal everything stays in memory.
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

/** One rule's delivery of one archived event (by the bus's event id), not yet finished. */
export interface PendingDelivery {
  id: string;
  rule: string;
  eventId: string;
}

/** Where a durable bus keeps what it accepted. */
export interface BusJournal {
  /** What earlier runs left: the archive, the dead letters and the deliveries never finished. */
  load(): { archive: BusEvent[]; deadLetters: DeadLetter[]; pending: PendingDelivery[] };
  /** Records accepted events and their deliveries; durable when it returns (PutEvents answers after it). */
  accepted(events: BusEvent[], deliveries: PendingDelivery[]): void;
  /** The delivery's handler succeeded. */
  finished(deliveryId: string): void;
  deadLettered(deliveryId: string, letter: DeadLetter): void;
}

export interface LocalBusOptions {
  rules: readonly RuleDefinition[];
  handlers: Record<TargetName, TargetHandler>;
  deps: TargetDeps;
  /** First retry delay; doubles each retry (EventBridge backs off too, much more slowly). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Makes accepted events and their deliveries survive a restart; in memory when absent. */
  journal?: BusJournal;
  log?: (message: string, context?: Record<string, unknown>) => void;
}

interface Delivery {
  id: string;
  rule: RuleDefinition;
  event: BusEvent;
}

export class LocalBus implements EventSink {
  readonly archive: BusEvent[] = [];
  readonly deadLetters: DeadLetter[] = [];
  /** Successful handler invocations per rule. */
  readonly delivered: Record<string, number> = {};
  private readonly inflight = new Set<Promise<void>>();
  private readonly listeners = new Set<(event: BusEvent, rule: string) => void>();
  /** Deliveries an earlier run left unfinished, until `resume()`. */
  private recovered: PendingDelivery[] = [];

  constructor(private readonly options: LocalBusOptions) {
    const earlier = options.journal?.load();
    if (earlier) {
      this.archive.push(...earlier.archive);
      this.deadLetters.push(...earlier.deadLetters);
      this.recovered = earlier.pending;
    }
  }

  async putEvents(entries: PutEventsRequestEntry[]): Promise<{ Entries: PutEventsResultEntry[] }> {
    const accepted: BusEvent[] = [];
    const results = entries.map((entry) => {
      const event = toBusEvent(entry);
      if (typeof event === 'string') return { ErrorCode: 'MalformedDetail', ErrorMessage: event };
      accepted.push(event);
      return { EventId: event.id };
    });
    const deliveries = accepted.flatMap((event) => this.route(event, this.options.rules));
    // Before answering: once PutEvents has answered, the publisher checkpoints the stream past these.
    this.options.journal?.accepted(accepted, deliveries.map(pendingOf));
    this.archive.push(...accepted);
    for (const delivery of deliveries) this.start(delivery);
    return { Entries: results };
  }

  /** Re-dispatches the deliveries an earlier run accepted but never finished; returns how many. */
  resume(): number {
    const byId = new Map(this.archive.map((e) => [e.id, e]));
    const recovered = this.recovered;
    this.recovered = [];
    for (const pending of recovered) {
      const rule = this.options.rules.find((r) => r.name === pending.rule);
      const event = byId.get(pending.eventId);
      if (!rule || !event) {
        this.options.log?.('Unfinished delivery of an unknown rule or event dropped', { ...pending });
        this.options.journal?.finished(pending.id);
        continue;
      }
      this.start({ id: pending.id, rule, event });
    }
    if (recovered.length > 0)
      this.options.log?.('Resumed unfinished deliveries', { count: recovered.length });
    return recovered.length;
  }

  /** Re-delivers archived events whose time lies in [from, to] to the matching rules (all, or those named). */
  replay(range: { from: Date; to: Date; rules?: string[] }): number {
    const rules = this.options.rules.filter((r) => !range.rules || range.rules.includes(r.name));
    const events = this.archive.filter((e) => {
      const t = Date.parse(e.time);
      return t >= range.from.getTime() && t <= range.to.getTime();
    });
    const deliveries = events.flatMap((event) => this.route(event, rules));
    this.options.journal?.accepted([], deliveries.map(pendingOf));
    for (const delivery of deliveries) this.start(delivery);
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

  private route(event: BusEvent, rules: readonly RuleDefinition[]): Delivery[] {
    return rules
      .filter((rule) => matchesEventPattern(rule.pattern, event as unknown as Record<string, unknown>))
      .map((rule) => ({ id: randomUUID(), rule, event }));
  }

  private start(delivery: Delivery): void {
    const running = this.deliver(delivery).finally(() => this.inflight.delete(running));
    this.inflight.add(running);
  }

  private async deliver({ id, rule, event }: Delivery): Promise<void> {
    const handler = this.options.handlers[rule.target];
    const started = Date.now();
    const base = this.options.retryBaseMs ?? 200;
    for (let attempt = 0; ; attempt++) {
      try {
        await handler(event, this.options.deps);
      } catch (error) {
        const tooOld = Date.now() - started > rule.retry.maximumEventAgeSeconds * 1000;
        if (attempt >= rule.retry.maximumRetryAttempts || tooOld) {
          const letter: DeadLetter = {
            rule: rule.name,
            event,
            error: error instanceof Error ? error.message : String(error),
            attempts: attempt + 1,
            at: new Date().toISOString(),
          };
          this.deadLetters.push(letter);
          this.record(() => this.options.journal?.deadLettered(id, letter));
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
      // A failure to record it only means the delivery is made again after a restart.
      this.record(() => this.options.journal?.finished(id));
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

  private record(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.options.log?.('Bus journal write failed', { error: String(error) });
    }
  }
}

function pendingOf({ id, rule, event }: Delivery): PendingDelivery {
  return { id, rule: rule.name, eventId: event.id };
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
