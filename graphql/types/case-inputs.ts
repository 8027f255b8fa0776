/** Turning GraphQL inputs into what the commands parse: nulls dropped at every depth, ids in domain form. */
import { domainId } from '../ids.ts';

/** The argument fields that name entities, and the GraphQL type whose global ids they accept. */
const ID_FIELDS: Record<string, string> = {
  caseId: 'Case',
  dischargerId: 'EnterpriseFile',
  evidenceId: 'Evidence',
  sanctionId: 'Sanction',
  complaintId: 'Complaint',
  outfallId: 'Outfall',
  handoffId: 'Handoff',
  consultationId: 'Consultation',
  taskId: 'Task',
};

/** The lists whose items name an entity by their `id` field, and that entity's GraphQL type. */
const LISTS_OF_REFS: Record<string, string> = { outfalls: 'Outfall' };

export function commandInput(value: unknown, path = 'input', refType?: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => commandInput(v, `${path}.${i}`, refType));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    const type = name === 'id' ? refType : ID_FIELDS[name];
    out[name] =
      type && typeof field === 'string'
        ? domainId(field, type, `${path}.${name}`)
        : commandInput(field, `${path}.${name}`, LISTS_OF_REFS[name]);
  }
  return out;
}
