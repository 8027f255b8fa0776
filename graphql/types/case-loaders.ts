/**
 * Per-request loaders of the cases and complaints contexts, kept beside the request's context (a WeakMap
 * keyed by it) so the shared context stays as it is. Each loader returns null for what the caller may
 * not see: cases for anyone who does not read cases (police officers see those handed or joined to their
 * unit), reports the caller may not read, and reports
 * without their reporter's contact unless the caller is the supervisor or the assigned unit.
 */
import DataLoader from 'dataloader';
import { canReadCases, isCasePoliceOfficer } from '../../services/cases/access.ts';
import type { CaseAggregate, Discharger, EnforcementCase, Evidence } from '../../services/cases/model.ts';
import {
  evidenceKey,
  getCaseAggregate,
  getCases,
  getChildren,
  getDischargers,
} from '../../services/cases/repository.ts';
import { type CasesSettings, casesSettings } from '../../services/cases/settings.ts';
import { complaintAccess, complaintView } from '../../services/complaints/access.ts';
import type { Complaint } from '../../services/complaints/model.ts';
import { getComplaints } from '../../services/complaints/repository.ts';
import { type DeadlineRecord, listDeadlines } from '../../services/shared/deadlines/records.ts';
import { type Context, depsOf } from '../context.ts';

export interface CaseLoaders {
  settings: CasesSettings;
  case: DataLoader<string, EnforcementCase | null>;
  aggregate: DataLoader<string, CaseAggregate | null>;
  evidence: DataLoader<string, Evidence | null>;
  discharger: DataLoader<string, Discharger | null>;
  complaint: DataLoader<string, Complaint | null>;
  /** The deadline timeline of an entity, by `<type>|<id>`. */
  deadlines: DataLoader<string, DeadlineRecord[]>;
}

const perRequest = new WeakMap<Context, CaseLoaders>();

export function caseLoaders(ctx: Context): CaseLoaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    loaders = createLoaders(ctx);
    perRequest.set(ctx, loaders);
  }
  return loaders;
}

function createLoaders(ctx: Context): CaseLoaders {
  const { store } = ctx;
  const settings = casesSettings(depsOf(ctx));
  const { actor } = ctx;
  const readsCases = !!actor && canReadCases.allows(actor, settings);
  const police = !readsCases && !!actor && actor.roles.includes('POLICE_OFFICER');
  const visible = (c: EnforcementCase | undefined) =>
    c && (readsCases || (actor && isCasePoliceOfficer(actor, c))) ? c : null;
  const hidden = <T>(ids: readonly string[]) => ids.map(() => null as T | null);
  const access = complaintAccess(depsOf(ctx));
  return {
    settings,
    case: new DataLoader(async (ids) => {
      if (!readsCases && !police) return hidden(ids);
      const found = await getCases(store, ids);
      return ids.map((id) => visible(found.get(id)));
    }),
    aggregate: new DataLoader(async (ids) =>
      readsCases || police
        ? Promise.all(
            ids.map(async (id) => {
              const aggregate = await getCaseAggregate(store, id);
              return aggregate && visible(aggregate.case) ? aggregate : null;
            }),
          )
        : hidden(ids),
    ),
    evidence: new DataLoader(async (ids) => {
      if (!readsCases) return hidden(ids);
      const found = await getChildren<Evidence>(store, ids, evidenceKey);
      return ids.map((id) => found.get(id) ?? null);
    }),
    discharger: new DataLoader(async (ids) => {
      if (!readsCases) return hidden(ids);
      const found = await getDischargers(store, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    complaint: new DataLoader(async (ids) => {
      if (!ctx.actor) return hidden(ids);
      const found = await getComplaints(store, ids);
      return ids.map((id) => {
        const complaint = found.get(id);
        return complaint ? complaintView(ctx.actor, complaint, access) : null;
      });
    }),
    deadlines: new DataLoader(async (owners) =>
      Promise.all(
        owners.map((owner) => {
          const [type, id] = owner.split('|') as [string, string];
          return listDeadlines(store, { type, id });
        }),
      ),
    ),
  };
}
