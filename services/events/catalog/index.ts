/**
 * The event catalog: every detail-type Clearwater publishes, with its zod schema. Integrators get the
 * JSON Schemas generated from it (`npm run events:schemas` → services/events/schemas/).
 */
import type { EventDefinition } from '../../shared/events/envelope.ts';
import * as accountability from './accountability.ts';
import * as cases from './cases.ts';
import * as complaints from './complaints.ts';
import * as deadlines from './deadlines.ts';
import * as handoffs from './handoffs.ts';
import * as outfalls from './outfalls.ts';
import * as plan from './plan.ts';
import * as units from './units.ts';
import * as webhooks from './webhooks.ts';

export { accountability, cases, complaints, deadlines, handoffs, outfalls, plan, units, webhooks };

export const catalog: readonly EventDefinition[] = [
  ...Object.values(plan),
  ...Object.values(deadlines),
  ...Object.values(accountability),
  ...Object.values(units),
  ...Object.values(outfalls),
  ...Object.values(cases),
  ...Object.values(complaints),
  ...Object.values(webhooks),
  ...Object.values(handoffs),
];

export function definitionOf(source: string, detailType: string): EventDefinition | undefined {
  return catalog.find((d) => d.source === source && d.detailType === detailType);
}
