/** A Clearwater event as EventBridge delivers it to a rule target, for handler tests. */
import { randomUUID } from 'node:crypto';
import { systemActor } from '../../services/shared/auth/principal.ts';
import type { Clock } from '../../services/shared/clock.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { newId } from '../../services/shared/ids.ts';

export function busEvent(
  clock: Clock,
  source: string,
  detailType: string,
  data: object,
  correlationId = 'corr-1',
): BusEvent {
  const now = clock.now();
  return {
    version: '0',
    id: randomUUID(),
    source,
    'detail-type': detailType,
    account: '123456789012',
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'cn-north-1',
    resources: [],
    detail: {
      metadata: {
        eventId: newId(now),
        occurredAt: now.toISOString(),
        correlationId,
        actor: systemActor('deadline-sweeper'),
        version: 1,
        entity: { type: 'Task', id: 'yanhu-2020:6' },
      },
      data,
    },
  };
}
