/**
 * The inbox's live data, without the DOM: the close-lost requests a manager may decide, each with
 * its lead (for the customer's name and vehicle). Every value comes from the store's own queries.
 */
import { type Observable, combineLatest, map, of, switchMap } from 'rxjs';
import type { CloseRequest, LeadDoc } from '../../src/model/index.js';
import type { LeadStore } from '../../src/store/api.js';

export interface InboxItem {
  request: CloseRequest;
  /** The lead, or null when it is not (yet) in the local database. */
  lead: LeadDoc | null;
}

export type InboxScope = 'mine' | 'all';

/** Requests of every status, newest first: the element shows the pending ones and those decided meanwhile. */
export function inbox$(store: LeadStore, managerId: string, scope: InboxScope): Observable<InboxItem[]> {
  const requests$ = store.closeRequests$(scope === 'all' ? {} : { managerId });
  return requests$.pipe(
    switchMap((requests) => {
      const leadIds = [...new Set(requests.map((r) => r.leadId))];
      if (leadIds.length === 0) return of<InboxItem[]>([]);
      return combineLatest(leadIds.map((id) => store.lead$(id))).pipe(
        map((leads) => {
          const byId = new Map(leadIds.map((id, i) => [id, leads[i] ?? null]));
          return requests.map((request) => ({ request, lead: byId.get(request.leadId) ?? null }));
        }),
      );
    }),
  );
}
