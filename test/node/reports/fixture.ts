/**
 * A hand-computed fixture for the closed-lost reason report (no Node imports: the browser tests
 * use it too). Nine leads; the expected figures are worked out by hand in the comments.
 *
 *  lead  outcome  reason             salesperson source      closed (UTC)
 *  L1    lost     price              sam         Website     2025-03-05 12:00  (ISO week 10)
 *  L2    lost     price              rex         Walk-in     2025-03-20 12:00  (week 12)
 *  L3    lost     bought-elsewhere   sam         Website     2025-04-02 12:00  (week 14)
 *  L4    lost     duplicate (hidden) sam         Website     2025-04-03 12:00  -> left out
 *  L5    lost     '' (no reason)     rex         Website     2025-04-30 23:30  (week 18; 1 May in Tokyo)
 *  L6    won      -                  sam         Website     2025-04-10 12:00  -> left out
 *  L7    open     -                  sam         Website     -                 -> left out
 *  L8    lost     price              sam         AutoTrader  2025-05-15 12:00  (week 20)
 *  L9    lost     gone (not in policy) mia       Website     2025-05-16 12:00  (week 20)
 *
 * Reported: 6 (L1 L2 L3 L5 L8 L9), hidden: 1 (L4).
 */
import type { CompanyPolicy, LeadDoc, UserDoc } from '../../../src/model/index.js';
import { leadDoc, policyDoc, userDoc } from '../support/documents.js';

export const REPORT_DEALER = 'report-motors';

export const REPORT_POLICY: CompanyPolicy = policyDoc(REPORT_DEALER, 'Report Motors', {
  lostReasons: [
    { id: 'price', label: 'Price too high', hiddenFromReports: false, retired: false },
    { id: 'bought-elsewhere', label: 'Bought elsewhere', hiddenFromReports: false, retired: false },
    { id: 'no-response', label: 'No response', hiddenFromReports: false, retired: false },
    { id: 'duplicate', label: 'Duplicate lead', hiddenFromReports: true, retired: false },
  ],
});

const person = (userId: string, roles: UserDoc['roles']): UserDoc => userDoc(REPORT_DEALER, userId, roles, { email: `${userId}@report.example`, updatedAt: 1 });

export const REPORT_USERS: UserDoc[] = [person('sam', ['salesperson']), person('rex', ['salesperson']), person('mia', ['manager']), person('ada', ['admin'])];

/** A time in UTC (month 1-12), at noon unless told. */
export const at = (y: number, m: number, d: number, h = 12, min = 0): number => Date.UTC(y, m - 1, d, h, min);

/** Lead rn, closed as lost by sam unless `fields` say otherwise. */
function reportLead(n: number, fields: Partial<LeadDoc>): LeadDoc {
  const base = leadDoc({
    id: `lead:r${n}`,
    dealershipId: REPORT_DEALER,
    customer: { name: `Customer ${n}`, email: `c${n}@example.test`, phone: `555-01${String(n).padStart(2, '0')}` },
    createdAt: at(2025, 1, 1),
    status: 'closed',
    outcome: 'lost',
    closedBy: 'sam',
    updatedAt: at(2025, 1, 1),
    commandId: `seed-r${n}`,
    updatedBy: 'sam',
    ...fields,
  });
  return { ...base, search: `${base.customer.name} ${base.source}`.toLowerCase(), actionAt: base.closedAt || base.updatedAt };
}

export const REPORT_LEADS: LeadDoc[] = [
  reportLead(1, { closeReasonId: 'price', salespersonId: 'sam', source: 'Website', closedAt: at(2025, 3, 5) }),
  reportLead(2, { closeReasonId: 'price', salespersonId: 'rex', source: 'Walk-in', closedAt: at(2025, 3, 20) }),
  reportLead(3, { closeReasonId: 'bought-elsewhere', salespersonId: 'sam', source: 'Website', closedAt: at(2025, 4, 2) }),
  reportLead(4, { closeReasonId: 'duplicate', salespersonId: 'sam', source: 'Website', closedAt: at(2025, 4, 3) }),
  reportLead(5, { closeReasonId: '', salespersonId: 'rex', source: 'Website', closedAt: at(2025, 4, 30, 23, 30) }),
  reportLead(6, { outcome: 'won', closeReasonId: '', salespersonId: 'sam', source: 'Website', closedAt: at(2025, 4, 10), soldAt: at(2025, 4, 10) }),
  reportLead(7, { status: 'open', outcome: '', closedBy: '', closeReasonId: '', closedAt: 0 }),
  reportLead(8, { closeReasonId: 'price', salespersonId: 'sam', source: 'AutoTrader', closedAt: at(2025, 5, 15) }),
  reportLead(9, { closeReasonId: 'gone', salespersonId: 'mia', source: 'Website', closedAt: at(2025, 5, 16) }),
];

/** April 2025 in UTC, both ends inclusive. */
export const APRIL_2025 = { from: at(2025, 4, 1, 0, 0), to: at(2025, 5, 1, 0, 0) - 1 };
