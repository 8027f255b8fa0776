/** Events of the outfall register and its 查测溯治 lifecycle (source `clearwater.outfalls`). */
import * as z from 'zod';
import { defineEvent } from '../../shared/events/envelope.ts';

const source = 'clearwater.outfalls';
const Instant = z.iso.datetime({ offset: true });

const OutfallRef = {
  outfallId: z.string(),
  outfallCode: z.string(),
  outfallName: z.string(),
};
const entity = (d: { outfallId: string }) => ({ type: 'Outfall', id: d.outfallId });

const Transition = z.object({
  ...OutfallRef,
  state: z.string(),
  previousState: z.string().optional(),
  outfallVersion: z.number().int(),
});

const DischargerData = z.object({ name: z.string(), creditCode: z.string().optional() });

export const OutfallRegistered = defineEvent({
  source,
  detailType: 'OutfallRegistered',
  version: 1,
  description: 'An outfall was entered in the register (查): its annex item and deadline are set.',
  data: z.object({
    ...OutfallRef,
    waterBody: z.string(),
    category: z.string(),
    annexItem: z.string(),
    townshipUnitId: z.string().optional(),
    responsibleUnitId: z.string(),
    dueAt: Instant,
    outfallVersion: z.number().int(),
  }),
  entity,
});

export const OutfallUpdated = defineEvent({
  source,
  detailType: 'OutfallUpdated',
  version: 1,
  description:
    'Details of an outfall were corrected; a new category or permit may move it to another annex item.',
  data: z.object({
    ...OutfallRef,
    changed: z.array(z.string()),
    annexItem: z.string(),
    previousAnnexItem: z.string().optional(),
    outfallVersion: z.number().int(),
  }),
  entity,
});

export const OutfallSampled = defineEvent({
  source,
  detailType: 'OutfallSampled',
  version: 1,
  description: 'A sample of an outfall was recorded (测); the first one makes it MONITORED.',
  data: Transition.extend({
    sampleId: z.string(),
    sampledAt: Instant,
    parameters: z.array(z.string()),
    exceedanceCount: z.number().int(),
  }),
  entity,
});

/** The enforcement context consumes this one: its shape is a contract (optional fields may be added). */
export const OutfallExceedanceDetected = defineEvent({
  source,
  detailType: 'OutfallExceedanceDetected',
  version: 1,
  description:
    'A sample exceeded the outfall’s discharge limits: each parameter with its value, limit and multiple C/S.',
  data: z.object({
    ...OutfallRef,
    waterBody: z.string(),
    townshipUnitId: z.string().optional(),
    sampleId: z.string(),
    sampledAt: Instant,
    dischargers: z.array(DischargerData),
    exceedances: z
      .array(
        z.object({
          parameter: z.string(),
          value: z.number(),
          unit: z.string(),
          limit: z.number(),
          /** value / limit. */
          multiple: z.number(),
          /** MAX (above a maximum) or MIN (below a minimum, pH). */
          bound: z.enum(['MAX', 'MIN']).optional(),
        }),
      )
      .min(1),
    /** Units told in their inboxes: the responsible unit and the township. */
    recipientUnitIds: z.array(z.string()).optional(),
  }),
  entity,
  notice: (d) => ({
    recipientUnitIds: d.recipientUnitIds ?? [],
    severity: 'WARNING',
    title: `排污口${d.outfallCode}「${d.outfallName}」监测超标：${d.exceedances
      .map((e) => `${e.parameter} ${Number(e.multiple.toFixed(2))}倍`)
      .join('、')}`,
    subject: { type: 'Outfall', id: d.outfallId, title: `${d.outfallCode} ${d.outfallName}` },
  }),
});

export const OutfallTraced = defineEvent({
  source,
  detailType: 'OutfallTraced',
  version: 1,
  description:
    'Every source behind an outfall was identified (溯): its dischargers, or inlets nobody answers for.',
  data: Transition.extend({
    sourceCount: z.number().int(),
    dischargers: z.array(DischargerData),
    ownerlessInlets: z.number().int(),
  }),
  entity,
});

export const OutfallRemediationPlanned = defineEvent({
  source,
  detailType: 'OutfallRemediationPlanned',
  version: 1,
  description:
    'The outfall’s one plan (一口一策) was set: seal, merge, regularise and retain, or gate control.',
  data: Transition.extend({ measure: z.string(), dueAt: Instant }),
  entity,
});

export const OutfallRemediated = defineEvent({
  source,
  detailType: 'OutfallRemediated',
  version: 1,
  description: 'The remediation plan of an outfall was carried out (治).',
  data: Transition.extend({ measure: z.string() }),
  entity,
});

const Ended = Transition.extend({ annexItem: z.string(), deadlineOutcome: z.enum(['MET', 'LATE']) });

export const OutfallRetained = defineEvent({
  source,
  detailType: 'OutfallRetained',
  version: 1,
  description:
    'A remediated outfall is kept, with its signboard, archive and named responsible person (A10).',
  data: Ended,
  entity,
});

export const OutfallSealed = defineEvent({
  source,
  detailType: 'OutfallSealed',
  version: 1,
  description: 'An outfall was abolished and sealed (取缔封堵).',
  data: Ended,
  entity,
});

export const OutfallMerged = defineEvent({
  source,
  detailType: 'OutfallMerged',
  version: 1,
  description: 'An outfall was merged into another outfall or connected to a sewer (清理合并).',
  data: Ended.extend({
    intoOutfallId: z.string().optional(),
    intoOutfallCode: z.string().optional(),
    intoSewer: z.string().optional(),
  }),
  entity,
});

export const OutfallGateRecorded = defineEvent({
  source,
  detailType: 'OutfallGateRecorded',
  version: 1,
  description: 'The gate of a gate-controlled outfall (A3, A7) was seen open or closed.',
  data: z.object({ ...OutfallRef, open: z.boolean(), observedAt: Instant, inFloodSeason: z.boolean() }),
  entity,
});

export const OutfallGateViolation = defineEvent({
  source,
  detailType: 'OutfallGateViolation',
  version: 1,
  description:
    'A gate-controlled outfall was open outside the flood season: recorded so, or still open when the scheduled check ran at the season’s end.',
  data: z.object({
    ...OutfallRef,
    waterBody: z.string(),
    observedAt: Instant,
    foundBy: z.enum(['RECORD', 'SCHEDULED_CHECK']),
    floodSeason: z.object({ start: z.string(), end: z.string() }),
    recipientUnitIds: z.array(z.string()),
  }),
  entity,
  notice: (d) => ({
    recipientUnitIds: d.recipientUnitIds,
    severity: 'WARNING',
    title: `排污口${d.outfallCode}「${d.outfallName}」非汛期闸门开启`,
    subject: { type: 'Outfall', id: d.outfallId, title: `${d.outfallCode} ${d.outfallName}` },
  }),
});

export const OutfallDisclosureChanged = defineEvent({
  source,
  detailType: 'OutfallDisclosureChanged',
  version: 1,
  description: 'An outfall was published on (or withdrawn from) the public register (A10).',
  data: z.object({ ...OutfallRef, disclosed: z.boolean(), outfallVersion: z.number().int() }),
  entity,
});

export const OutfallsImported = defineEvent({
  source,
  detailType: 'OutfallsImported',
  version: 1,
  description:
    'A bulk import of an inspection register completed: every row written (an import that fails writes nothing).',
  data: z.object({
    importId: z.string(),
    format: z.enum(['CSV', 'JSON']),
    count: z.number().int(),
    byAnnexItem: z.record(z.string(), z.number().int()),
  }),
  entity: (d) => ({ type: 'OutfallImport', id: d.importId }),
});
