/**
 * The `webhooks` settings section: which non-public ranges deliveries may reach (a district's own
 * systems on a private government network), how long an attempt waits, when a failing subscription is
 * disabled, and who is told. Every field has its default: `settingOf(deps, 'webhooks', WebhooksSettings)`.
 */
import * as z from 'zod';
import type { Deps } from '../shared/deps.ts';
import { settingOf } from '../shared/deps.ts';
import { type Cidr, parseAllowedCidr } from './address-policy.ts';

const UnitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id');

const AllowedCidr = z
  .string()
  .max(64)
  .transform((text, ctx): Cidr => {
    try {
      return parseAllowedCidr(text.trim());
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

export const WebhooksSettings = z
  .object({
    /** Non-public ranges webhooks may reach, e.g. `["10.20.0.0/16"]` (at least /8 for IPv4, /32 for IPv6). */
    allowedCidrs: z.array(AllowedCidr).max(50).default([]),
    /** How long an attempt waits for the response's status line. */
    requestTimeoutSeconds: z.number().min(1).max(30).default(10),
    /** A subscription is disabled when this many deliveries in a row have FAILED… */
    disableAfterFailedDeliveries: z.number().int().min(1).max(1000).default(10),
    /** …or when its endpoint has answered no attempt with a 2xx for this long. */
    disableAfterFailingHours: z
      .number()
      .min(1)
      .max(24 * 30)
      .default(72),
    /** Told when a subscription whose creator has no unit is disabled. */
    supervisorUnitId: UnitId.default('yanhu-gov-office'),
  })
  .strict();
export type WebhooksSettings = z.output<typeof WebhooksSettings>;

export function webhooksSettings(deps: Pick<Deps, 'settings'>): WebhooksSettings {
  return settingOf(deps, 'webhooks', WebhooksSettings);
}
