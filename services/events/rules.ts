/**
 * Every rule on the `clearwater` bus, as data. The CDK stack turns each into an `events.Rule` with its
 * target, retry policy and dead-letter queue; the local bus subscribes the same handlers with the same
 * patterns. A rule exists here and nowhere else.
 */
import { catalog } from './catalog/index.ts';
import type { EventPattern } from './pattern.ts';

/** Names of the rule-target handlers (see `services/events/targets.ts`). */
export const TARGETS = [
  'eventLog',
  'notifications',
  'webhookDispatch',
  'outfallLate',
  'outfallExceedanceCases',
  'handoffProposals',
  'policeFeed',
] as const;
export type TargetName = (typeof TARGETS)[number];

export interface RetryPolicy {
  /** Give up (and dead-letter) after this many retries. */
  maximumRetryAttempts: number;
  /** …or once the event is this old. */
  maximumEventAgeSeconds: number;
}

export interface RuleDefinition {
  name: string;
  description: string;
  pattern: EventPattern;
  target: TargetName;
  retry: RetryPolicy;
}

const STANDARD_RETRY: RetryPolicy = { maximumRetryAttempts: 8, maximumEventAgeSeconds: 3600 };

export const rules: readonly RuleDefinition[] = [
  {
    name: 'event-log',
    description: 'Records every Clearwater event in the queryable event history.',
    pattern: { source: [{ prefix: 'clearwater.' }] },
    target: 'eventLog',
    retry: STANDARD_RETRY,
  },
  {
    name: 'deadline-notifications',
    description:
      'Puts each event that carries a notice (see the catalog) into the inboxes of the units it names.',
    pattern: noticePattern(),
    target: 'notifications',
    retry: STANDARD_RETRY,
  },
  {
    name: 'webhook-dispatch',
    description: 'Matches every event against the integrators’ webhook subscriptions and queues deliveries.',
    pattern: { source: [{ prefix: 'clearwater.' }] },
    target: 'webhookDispatch',
    retry: STANDARD_RETRY,
  },
  {
    name: 'outfall-late',
    description:
      'Marks an outfall late (and moves the register’s late counters) when its annex deadline is overdue.',
    pattern: {
      source: ['clearwater.deadlines'],
      'detail-type': ['DeadlineOverdue'],
      detail: { data: { owner: { type: ['Outfall'] } } },
    },
    target: 'outfallLate',
    retry: STANDARD_RETRY,
  },
  {
    name: 'outfall-exceedance-cases',
    description: 'Proposes an enforcement case for each outfall exceedance (one case per event).',
    pattern: { source: ['clearwater.outfalls'], 'detail-type': ['OutfallExceedanceDetected'] },
    target: 'outfallExceedanceCases',
    retry: STANDARD_RETRY,
  },
  {
    name: 'handoff-proposals',
    description:
      'Starts the bureau’s limit for the written transfer report when a crime is suspected on a case.',
    pattern: { source: ['clearwater.cases'], 'detail-type': ['CaseCrimeSuspected'] },
    target: 'handoffProposals',
    retry: STANDARD_RETRY,
  },
  {
    name: 'police-feed',
    description:
      'The police integration: every hand-off and joint-work event that concerns a police unit goes to its feed.',
    pattern: { source: ['clearwater.handoffs'], detail: { data: { policeUnitIds: [{ exists: true }] } } },
    target: 'policeFeed',
    retry: STANDARD_RETRY,
  },
];

/** Every (source, detail-type) whose catalog definition carries a notice: the inboxes' events. */
function noticePattern(): EventPattern {
  const noticed = catalog.filter((d) => d.notice);
  return {
    source: [...new Set(noticed.map((d) => d.source))].sort(),
    'detail-type': noticed.map((d) => d.detailType).sort(),
  };
}
