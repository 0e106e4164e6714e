/**
 * The report's inputs, live from the local store: the leads closed as lost, the policy (reason
 * labels and which are hidden) and the users (salesperson names). Read-only; works offline, and
 * follows every change — from this device, another tab or the server.
 */
import { type Observable, combineLatest, map } from 'rxjs';
import type { CompanyPolicy, UserDoc } from '../model/index.js';
import type { LeadStore } from '../store/api.js';
import type { ReportLead } from './closed-lost.js';

export interface ReportInputs {
  leads: ReportLead[];
  policy: CompanyPolicy;
  users: UserDoc[];
}

/** The leads closed as lost, reduced to what the report reads. */
export function closedLostLeads$(store: LeadStore): Observable<ReportLead[]> {
  const leads = store.database.collections['leads'];
  if (!leads) throw new Error('The store has no leads collection.');
  return leads.find({ selector: { status: 'closed', outcome: 'lost' } }).$.pipe(
    map((docs) =>
      docs.map((doc) => {
        const l = doc.toJSON() as ReportLead;
        return {
          id: l.id,
          status: l.status,
          outcome: l.outcome,
          closeReasonId: l.closeReasonId,
          closedAt: l.closedAt,
          salespersonId: l.salespersonId,
          source: l.source,
        };
      }),
    ),
  );
}

export function reportInputs$(store: LeadStore): Observable<ReportInputs> {
  return combineLatest([closedLostLeads$(store), store.policy$, store.users$]).pipe(map(([leads, policy, users]) => ({ leads, policy, users })));
}
