import type { Interest, LeadDoc, LeadOutcome, LeadStatus } from '../model/index.js';
import { leadSearchText, matchesStatus } from '../rules/lead.js';

/**
 * What the dashboard keeps of a lead: the fields its columns show, filter and sort on. Immutable:
 * an update replaces the object, so a result computed earlier stays consistent.
 */
export interface DashboardRow {
  readonly id: string;
  readonly customer: string;
  readonly email: string;
  readonly phone: string;
  readonly vehicle: string;
  readonly source: string;
  readonly salespersonId: string;
  readonly progressStepId: string;
  readonly interest: Interest;
  readonly actionAt: number;
  readonly nextEventAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly status: LeadStatus;
  readonly outcome: LeadOutcome;
  /** A close-lost request is pending on the lead. */
  readonly closeRequested: boolean;
  /** Lower-cased text the free-text filter searches. */
  readonly search: string;
  /** Which status filters the lead passes: bit 0 Open, bit 1 Closed (decided by src/rules). */
  readonly statusBits: number;
}

export const STATUS_OPEN = 1;
export const STATUS_CLOSED = 2;

/** The lead fields the projection reads; anything else in the document is ignored. */
export type LeadProjectionInput = Pick<
  LeadDoc,
  | 'id'
  | 'customer'
  | 'vehicle'
  | 'source'
  | 'salespersonId'
  | 'progressStepId'
  | 'interest'
  | 'actionAt'
  | 'nextEventAt'
  | 'createdAt'
  | 'updatedAt'
  | 'status'
  | 'outcome'
  | 'closeRequestId'
  | 'search'
>;

export function projectLead(lead: LeadProjectionInput): DashboardRow {
  return {
    id: lead.id,
    customer: lead.customer?.name ?? '',
    email: lead.customer?.email ?? '',
    phone: lead.customer?.phone ?? '',
    vehicle: lead.vehicle ?? '',
    source: lead.source ?? '',
    salespersonId: lead.salespersonId ?? '',
    progressStepId: lead.progressStepId ?? '',
    interest: lead.interest ?? 'not-set',
    actionAt: lead.actionAt ?? 0,
    nextEventAt: lead.nextEventAt ?? 0,
    createdAt: lead.createdAt ?? 0,
    updatedAt: lead.updatedAt ?? 0,
    status: lead.status,
    outcome: lead.outcome ?? '',
    closeRequested: (lead.closeRequestId ?? '') !== '',
    search: lead.search || leadSearchText(lead),
    statusBits: (matchesStatus(lead, 'open') ? STATUS_OPEN : 0) | (matchesStatus(lead, 'closed') ? STATUS_CLOSED : 0),
  };
}
