/**
 * The event envelope every Clearwater event carries in EventBridge `detail`:
 * `{ metadata: { eventId, occurredAt, correlationId, actor, version, entity }, data }`.
 */
import * as z from 'zod';
import { Actor } from '../auth/principal.ts';

export const EntityRef = z.object({ type: z.string(), id: z.string() });
export type EntityRef = z.infer<typeof EntityRef>;

export const EventMetadata = z.object({
  eventId: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1),
  actor: Actor,
  /** Version of the `data` schema for this detail-type. */
  version: z.number().int().positive(),
  /** The entity the event is about; the event history is indexed by it. */
  entity: EntityRef,
});
export type EventMetadata = z.infer<typeof EventMetadata>;

export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * What an event puts in units' inboxes: who is told, about which entity, how urgently and in what
 * words. An event definition with a `notice` is delivered to inboxes; one without is not.
 */
export interface Notice {
  recipientUnitIds: readonly string[];
  severity: Severity;
  /** The line a unit reads in its inbox (Chinese, as officers read it). */
  title: string;
  /** The entity the notice is about: a milestone, an outfall, a case, a hand-off step. */
  subject: { type: string; id: string; title?: string };
  /** The deadline concerned, when there is one. */
  dueAt?: string;
  /** Other entities worth linking from the notice, e.g. `{ taskId: 'yanhu-2020:6' }`. */
  links?: Record<string, string>;
}

export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  source: `clearwater.${string}`;
  detailType: string;
  version: number;
  description: string;
  data: S;
  entity: (data: z.output<S>) => EntityRef;
  /** For events that tell units something: the inbox notice the event carries. */
  notice?: (data: z.output<S>) => Notice;
}

export function defineEvent<S extends z.ZodType>(definition: EventDefinition<S>): EventDefinition<S> {
  return definition;
}

export interface EventDetail<D = unknown> {
  metadata: EventMetadata;
  data: D;
}

/** An event as EventBridge delivers it to a rule target. */
export interface BusEvent<D = unknown> {
  version: '0';
  id: string;
  source: string;
  'detail-type': string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: EventDetail<D>;
}

/** What the outbox row holds and the publisher sends with PutEvents. */
export interface OutboundEvent {
  source: string;
  detailType: string;
  detail: EventDetail;
}

export function envelopeSchema(definition: EventDefinition): z.ZodType {
  return z.object({ metadata: EventMetadata, data: definition.data });
}
