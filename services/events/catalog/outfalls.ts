/**
 * Events of the outfall register (source `clearwater.outfalls`). The outfall context owns this file: this
 * copy holds only the one event the cases context consumes, as agreed with it, and gives way to the
 * outfall context's full catalog when the two are merged.
 */
import * as z from 'zod';
import { defineEvent } from '../../shared/events/envelope.ts';

const source = 'clearwater.outfalls';

export const OutfallExceedanceDetected = defineEvent({
  source,
  detailType: 'OutfallExceedanceDetected',
  version: 1,
  description:
    'A sample taken at an outfall exceeded a discharge limit: the outfall, the sample, the dischargers behind the outfall and each exceedance.',
  data: z.object({
    outfallId: z.string(),
    outfallCode: z.string(),
    outfallName: z.string(),
    waterBody: z.string(),
    townshipUnitId: z.string().optional(),
    sampleId: z.string(),
    sampledAt: z.iso.datetime({ offset: true }),
    dischargers: z.array(z.object({ name: z.string(), creditCode: z.string().optional() })),
    exceedances: z.array(
      z.object({
        parameter: z.string(),
        value: z.number(),
        unit: z.string(),
        limit: z.number(),
        multiple: z.number(),
      }),
    ),
  }),
  entity: (d) => ({ type: 'Outfall', id: d.outfallId }),
});
