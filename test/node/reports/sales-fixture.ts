/**
 * A hand-computed fixture for the sales report (no Node imports: the browser tests use it too).
 * Nine leads of the closed-lost fixture's dealership; the expected figures are worked out by hand.
 *
 *  lead  state            sold (UTC)                 salesperson     source
 *  S1    open             2025-03-05 12:00 (week 10) sam             Website
 *  S2    closed won       2025-03-20 12:00 (week 12) rex             Walk-in
 *  S3    open             2025-04-02 12:00 (week 14) sam             Website
 *  S4    open             never (soldAt 0)           sam             Website     -> no sale
 *  S5    open             2025-04-30 23:30 (week 18; 1 May in Tokyo) rex  Website
 *  S6    closed lost      2025-04-10 12:00           sam             Website     -> left out, counted apart
 *  S7    closed won       2025-05-15 12:00 (week 20) sam             AutoTrader
 *  S8    open             2025-05-16 12:00 (week 20) lee (no user)   Website
 *  S9    closed lost      never                      rex             Website     -> no sale
 *
 * Sales: 6 (S1 S2 S3 S5 S7 S8): 4 still open (S1 S3 S5 S8), 2 closed won (S2 S7); sold then
 * lost: 1 (S6). By salesperson: Sam 3 (2 open, 1 won), Rex 2 (1, 1), lee 1 (1, 0).
 */
import type { LeadDoc } from '../../../src/model/index.js';
import { leadDoc } from '../support/documents.js';
import { REPORT_DEALER, at } from './fixture.js';

export { APRIL_2025, REPORT_DEALER, REPORT_POLICY, REPORT_USERS } from './fixture.js';

/** Lead sn, open, hot, sam's, never sold unless `fields` say otherwise; a sale ticks the sold step. */
function salesLead(n: number, fields: Partial<LeadDoc>): LeadDoc {
  const base = leadDoc({
    id: `lead:s${n}`,
    dealershipId: REPORT_DEALER,
    customer: { name: `Buyer ${n}`, email: `b${n}@example.test`, phone: `555-02${String(n).padStart(2, '0')}` },
    vehicle: '2025 Kia EV6 GT-Line',
    createdAt: at(2025, 1, 1),
    interest: 'hot',
    updatedAt: at(2025, 1, 1),
    commandId: `seed-s${n}`,
    updatedBy: 'sam',
    ...fields,
  });
  const stamp = { at: base.soldAt, deviceId: 'seed', by: base.salespersonId };
  const steps = base.soldAt ? { sold: { checked: true, stamp, passId: `activity:seed-s${n}:pass:sold` } } : base.steps;
  return {
    ...base,
    steps,
    progressStepId: base.soldAt ? 'sold' : base.progressStepId,
    search: `${base.customer.name} ${base.source}`.toLowerCase(),
    actionAt: base.closedAt || base.soldAt || base.updatedAt,
    updatedAt: Math.max(base.updatedAt, base.soldAt, base.closedAt),
  };
}

const won = (closedAt: number): Partial<LeadDoc> => ({ status: 'closed', outcome: 'won', closedAt, closedBy: 'sam' });
const lost = (closedAt: number): Partial<LeadDoc> => ({ status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt, closedBy: 'sam' });

export const SALES_LEADS: LeadDoc[] = [
  salesLead(1, { soldAt: at(2025, 3, 5), salespersonId: 'sam', source: 'Website' }),
  salesLead(2, { soldAt: at(2025, 3, 20), salespersonId: 'rex', source: 'Walk-in', ...won(at(2025, 3, 25)) }),
  salesLead(3, { soldAt: at(2025, 4, 2), salespersonId: 'sam', source: 'Website' }),
  salesLead(4, { soldAt: 0, salespersonId: 'sam', source: 'Website' }),
  salesLead(5, { soldAt: at(2025, 4, 30, 23, 30), salespersonId: 'rex', source: 'Website' }),
  salesLead(6, { soldAt: at(2025, 4, 10), salespersonId: 'sam', source: 'Website', ...lost(at(2025, 4, 20)) }),
  salesLead(7, { soldAt: at(2025, 5, 15), salespersonId: 'sam', source: 'AutoTrader', ...won(at(2025, 5, 16)) }),
  salesLead(8, { soldAt: at(2025, 5, 16), salespersonId: 'lee', source: 'Website' }),
  salesLead(9, { soldAt: 0, salespersonId: 'rex', source: 'Website', ...lost(at(2025, 5, 20)) }),
];
