/**
 * Complete, valid documents for the tests: a lead, a user, a calendar event, a company policy.
 * Each builder starts from the product's own definitions (newLeadState, defaultPolicy,
 * the rules' ids and derived fields) and takes the caller's fields last, so a fixture names only
 * what its tests care about. The keys come in the order the product writes them.
 *
 * No Node imports: the browser tests load the fixtures built on this module too.
 */
import type { CalendarEventDoc, CompanyPolicy, LeadDoc, Role, UserDoc } from '../../../src/model/index.js';
import { defaultPolicy, newLeadState } from '../../../src/model/index.js';
import { ids } from '../../../src/rules/ids.js';
import { withDerived } from '../../../src/rules/lead.js';

/**
 * An open lead nothing has happened to yet (no progress, no events, no close request), as
 * `fields` leave it. Derived fields (progressStepId, search, actionAt, nextEventAt) are taken as
 * given: use `derivedLead` to have the rules compute them.
 */
export function leadDoc(fields: Partial<LeadDoc> = {}): LeadDoc {
  return {
    id: 'lead:1',
    type: 'lead',
    dealershipId: 'dealer-1',
    customer: { name: 'Jane Doe', email: 'jane@example.com', phone: '+44 7700 900123' },
    vehicle: '2024 Toyota RAV4 Hybrid XLE',
    source: 'Website',
    salespersonId: 'sam',
    createdAt: 0,
    ...newLeadState(),
    actionAt: 0,
    updatedAt: 0,
    search: '',
    clock: {},
    commandId: 'seed',
    updatedBy: 'seed',
    ...fields,
  };
}

/** `leadDoc` with progressStepId, search and actionAt computed by the rules (nextEventAt as given). */
export function derivedLead(fields: Partial<LeadDoc> = {}): LeadDoc {
  return withDerived(leadDoc(fields));
}

/** An active user of `dealershipId` with no manager of their own; the name is the capitalised login name. */
export function userDoc(dealershipId: string, userId: string, roles: Role[], fields: Partial<UserDoc> = {}): UserDoc {
  return {
    id: ids.user(userId),
    type: 'user',
    dealershipId,
    userId,
    name: userId[0]!.toUpperCase() + userId.slice(1),
    email: `${userId}@example.test`,
    roles,
    managerId: '',
    active: true,
    updatedAt: 0,
    ...fields,
  };
}

/** An incomplete follow-up on `leadId`, assigned to and created by sam. */
export function eventDoc(dealershipId: string, id: string, leadId: string, dueAt: number, fields: Partial<CalendarEventDoc> = {}): CalendarEventDoc {
  return {
    id,
    type: 'event',
    dealershipId,
    leadId,
    eventType: 'follow-up',
    title: id,
    notes: '',
    dueAt,
    completedAt: 0,
    completedBy: '',
    assigneeId: 'sam',
    createdAt: 0,
    createdBy: 'sam',
    commandId: 'seed',
    updatedAt: 0,
    ...fields,
  };
}

/** The product's default company preferences with `fields` changed. */
export function policyDoc(dealershipId: string, companyName: string, fields: Partial<CompanyPolicy> = {}): CompanyPolicy {
  return { ...defaultPolicy(dealershipId, companyName), ...fields };
}
