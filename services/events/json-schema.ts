/** JSON Schemas of the catalog for integrators (and for the EventBridge schema registry). */
import * as z from 'zod';
import { type EventDefinition, envelopeSchema } from '../shared/events/envelope.ts';
import { catalog } from './catalog/index.ts';

export type JsonSchema = Record<string, unknown>;

/**
 * The schema of a whole EventBridge event of this detail-type (Draft 4, which the EventBridge schema
 * registry accepts): `source` and `detail-type` fixed, `detail` the envelope with this type's data.
 */
export function eventJsonSchema(definition: EventDefinition): JsonSchema {
  const detail = z.toJSONSchema(envelopeSchema(definition), {
    target: 'draft-4',
    io: 'output',
  }) as JsonSchema;
  delete detail.$schema;
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: definition.detailType,
    description: definition.description,
    type: 'object',
    required: ['source', 'detail-type', 'detail'],
    properties: {
      source: { type: 'string', enum: [definition.source] },
      'detail-type': { type: 'string', enum: [definition.detailType] },
      id: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      detail,
    },
    'x-clearwater-version': definition.version,
  };
}

export function catalogJsonSchemas(): {
  fileName: string;
  definition: EventDefinition;
  schema: JsonSchema;
}[] {
  return catalog.map((definition) => ({
    fileName: `${definition.source}.${definition.detailType}.json`,
    definition,
    schema: eventJsonSchema(definition),
  }));
}
