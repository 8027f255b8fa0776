/** Who is acting: a verified user from a bearer token, or the system itself (sweeper, handlers). */
import * as z from 'zod';

export const ROLES = [
  'SUPERVISOR',
  'UNIT_OFFICER',
  'ENFORCEMENT_OFFICER',
  'POLICE_OFFICER',
  'INTEGRATOR',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Actor = z.object({
  kind: z.enum(['USER', 'SYSTEM']),
  id: z.string().min(1),
  name: z.string().optional(),
  unitId: z.string().optional(),
  roles: z.array(Role),
});
export type Actor = z.infer<typeof Actor>;

export function systemActor(component: string): Actor {
  return { kind: 'SYSTEM', id: `system:${component}`, name: component, roles: [] };
}

export function hasRole(actor: Actor | null | undefined, ...roles: Role[]): boolean {
  return !!actor && actor.roles.some((role) => roles.includes(role));
}
