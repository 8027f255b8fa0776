/**
 * History of any entity: the `HasHistory` interface gives every entity with an audit trail the same
 * `history` connection. The audit entity type is the GraphQL type's name; the entity id is the domain
 * object's `id` (its domain id, not the global id the `id` field answers).
 */
import { type AuditEntry, listAudit } from '../../services/shared/history.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { encodeGlobalId } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';

export const ActorSummaryRef = builder
  .objectRef<{ id: string; name?: string; unitId?: string }>('ActorSummary')
  .implement({
    description:
      'Who acted, as they were when they acted (a snapshot, so it has no `id` of its own: two snapshots ' +
      'of one actor may differ).',
    fields: (t) => ({
      actorId: t.exposeID('id', { description: 'The user’s `sub`, or `system:<component>`.' }),
      name: t.exposeString('name', { nullable: true }),
      unitId: t.exposeString('unitId', { nullable: true }),
    }),
  });

export const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description: 'One change to an entity: who, when, what, and the request it belonged to.',
  fields: (t) => ({
    id: t.id({
      description: '`AuditEntry:<auditId>`.',
      resolve: (a) => encodeGlobalId('AuditEntry', a.auditId),
    }),
    auditId: t.exposeID('auditId'),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    action: t.exposeString('action'),
    summary: t.exposeString('summary'),
    changes: t.field({
      type: 'JSON',
      nullable: true,
      resolve: (a) => (a.changes ? JSON.parse(a.changes) : null),
    }),
    actor: t.field({ type: ActorSummaryRef, resolve: (a) => a.actor }),
    correlationId: t.exposeString('correlationId'),
  }),
});

const AuditEntryConnectionRef = builder.connectionObject(
  { type: AuditEntryRef, name: 'AuditEntryConnection' },
  { name: 'AuditEntryEdge' },
);

export const HasHistoryRef = builder.interfaceRef<{ id: string }>('HasHistory').implement({
  description: 'An entity whose every change is audited: who, when, what, under which request.',
  fields: (t) => ({
    history: t.field({
      type: AuditEntryConnectionRef,
      description: 'The audit trail, newest first. Page size: default 50, at most 100.',
      args: forwardPageArgs,
      resolve: async (entity, args, ctx, info) => {
        const first = pageSize(args.first, 'first', 100);
        return keyPage(await listAudit(ctx.store, info.parentType.name, entity.id, first, args.after));
      },
    }),
  }),
});
