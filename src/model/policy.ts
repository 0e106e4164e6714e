/** The company preferences ('My Company' → 'Account Preferences') a dealership admin sets. */
import type { CapabilityRole, Stamp } from './documents.js';

export interface LostReason {
  id: string;
  label: string;
  /** Hidden reasons are left out of the closed-lost reason report. */
  hiddenFromReports: boolean;
  /** Retired reasons stay valid on old leads but are not offered any more. */
  retired: boolean;
}

export interface ContactGroup {
  id: string;
  label: string;
}

export interface ProgressStep {
  id: string;
  label: string;
}

export type CloseLostField = 'reason' | 'notes' | 'followUp';

export interface CompanyPolicy {
  id: 'policy';
  type: 'policy';
  dealershipId: string;
  companyName: string;
  lostReasons: LostReason[];
  contactGroups: ContactGroup[];
  defaultLostContactGroups: string[];
  defaultWonContactGroups: string[];
  /** The road-to-the-sale, in order. */
  progressSteps: ProgressStep[];
  /** The step id that records a sale when ticked ('sold' by default). */
  soldStepId: string;
  mandatory: {
    closeLost: CloseLostField[];
    progressNote: boolean;
  };
  /**
   * Capability roles that exist in this company. 'close-lead-lost-permission' switches Close Lost
   * from "anyone" to "members request, managers decide"; 'receive-closed-lead-as-lost-notification'
   * notifies its members; 'bulk-manage' is always needed to bulk manage.
   */
  definedRoles: CapabilityRole[];
  updatedAt: number;
  updatedBy: string;
  stamp: Stamp;
}

export const DEFAULT_PROGRESS_STEPS: ProgressStep[] = [
  { id: 'awaiting-action', label: 'Awaiting Action' },
  { id: 'phone-call-made', label: 'Phone Call Made' },
  { id: 'meet-and-qualify', label: 'Meet & Qualify' },
  { id: 'test-drive', label: 'Test Drive' },
  { id: 'trade-in-appraisal', label: 'Trade-In Appraisal' },
  { id: 'present-deal', label: 'Present Deal' },
  { id: 'finance', label: 'Finance' },
  { id: 'sold', label: 'Sold' },
  { id: 'delivery', label: 'Delivery' },
  { id: 'follow-up', label: 'Follow Up' },
];

export const DEFAULT_LOST_REASONS: LostReason[] = [
  { id: 'bought-elsewhere', label: 'Bought elsewhere', hiddenFromReports: false, retired: false },
  { id: 'price', label: 'Price too high', hiddenFromReports: false, retired: false },
  { id: 'finance-declined', label: 'Finance declined', hiddenFromReports: false, retired: false },
  { id: 'no-response', label: 'No response', hiddenFromReports: false, retired: false },
  { id: 'delayed-purchase', label: 'Delaying purchase', hiddenFromReports: false, retired: false },
  { id: 'trade-in-value', label: 'Trade-in value too low', hiddenFromReports: false, retired: false },
  { id: 'vehicle-unavailable', label: 'Vehicle not available', hiddenFromReports: false, retired: false },
  { id: 'duplicate', label: 'Duplicate lead', hiddenFromReports: true, retired: false },
  { id: 'test-lead', label: 'Test / junk lead', hiddenFromReports: true, retired: false },
];

export const DEFAULT_CONTACT_GROUPS: ContactGroup[] = [
  { id: 'live-leads', label: 'Live Leads' },
  { id: 'newsletter', label: 'Newsletter' },
  { id: 'service-reminders', label: 'Service Reminders' },
  { id: 'past-customers', label: 'Past Customers' },
  { id: 'future-prospects', label: 'Future Prospects' },
];

export function defaultPolicy(dealershipId: string, companyName = dealershipId): CompanyPolicy {
  return {
    id: 'policy',
    type: 'policy',
    dealershipId,
    companyName,
    lostReasons: DEFAULT_LOST_REASONS.map((r) => ({ ...r })),
    contactGroups: DEFAULT_CONTACT_GROUPS.map((g) => ({ ...g })),
    defaultLostContactGroups: ['live-leads'],
    defaultWonContactGroups: ['past-customers'],
    progressSteps: DEFAULT_PROGRESS_STEPS.map((s) => ({ ...s })),
    soldStepId: 'sold',
    mandatory: { closeLost: ['reason'], progressNote: false },
    definedRoles: [],
    updatedAt: 0,
    updatedBy: '',
    stamp: { at: 0, deviceId: '', by: '' },
  };
}
