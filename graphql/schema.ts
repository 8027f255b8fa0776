/** The schema: every type file registers itself on the builder; this module imports them all and builds. */
import { builder } from './builder.ts';
import './types/scalars.ts';
import './types/unit.ts';
import './types/me.ts';
import './types/task.ts';
import './types/plan.ts';
import './types/progress.ts';
import './types/notifications.ts';
import './types/events.ts';
import './types/accountability.ts';
import './types/webhooks.ts';
import './types/periods.ts';
import './types/outfalls.ts';
import './types/public-outfalls.ts';
import './types/outfall-mutations.ts';
import './types/cases.ts';
import './types/case-records.ts';
import './types/enterprise-files.ts';
import './types/cases-mutations.ts';
import './types/cases-public.ts';
import './types/complaints.ts';
import './types/handoffs.ts';
import './types/handoff-mutations.ts';

export const schema = builder.toSchema({ sortSchema: false });
