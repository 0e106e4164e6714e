/**
 * The sales report's inputs, live from the local store: the leads with a sale recorded
 * (`soldAt` set) and the users (salesperson names). Read-only; works offline, and follows every
 * change — from this device, another tab or the server — as ./source.ts does for the
 * closed-lost report.
 */
import { type Observable, combineLatest, map } from 'rxjs';
import type { UserDoc } from '../model/index.js';
import type { LeadStore } from '../store/api.js';
import type { SalesLead } from './sales.js';

export interface SalesInputs {
  leads: SalesLead[];
  users: UserDoc[];
}

/** The leads with a sale recorded, reduced to what the report reads (closed-lost ones included: the report counts them apart). */
export function soldLeads$(store: LeadStore): Observable<SalesLead[]> {
  const leads = store.database.collections['leads'];
  if (!leads) throw new Error('The store has no leads collection.');
  return leads.find({ selector: { soldAt: { $gt: 0 } } }).$.pipe(
    map((docs) =>
      docs.map((doc) => {
        const l = doc.toJSON() as SalesLead;
        return { id: l.id, status: l.status, outcome: l.outcome, soldAt: l.soldAt, salespersonId: l.salespersonId, source: l.source };
      }),
    ),
  );
}

export function salesInputs$(store: LeadStore): Observable<SalesInputs> {
  return combineLatest([soldLeads$(store), store.users$]).pipe(map(([leads, users]) => ({ leads, users })));
}
