/**
 * The event envelope every Clearwater event carries in EventBridge `detail`:
 * `{ metadata: { eventId, occurredAt, correlationId, actor, version, entity }, data }`.
 */
import * as z from 'zod';
import { Actor } from '../shared/auth/principal.ts';

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

export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  source: `clearwater.${string}`;
  detailType: string;
  version: number;
  description: string;
  data: S;
  entity: (data: z.output<S>) => EntityRef;
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
