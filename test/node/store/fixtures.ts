/** Small, hand-made data for the store tests: one dealership, its users, a few leads. */
import type { CalendarEventDoc, CompanyPolicy, LeadDoc, Role, UserDoc } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { createStore, type StoreInternalOptions } from '../../../src/store/store.js';
import { derivedLead, eventDoc, policyDoc, userDoc } from '../support/documents.js';

export const DEALER = 'dealer-1';
export const DAY = 86_400_000;
/** A fixed "now": Wednesday 2025-06-11 10:00 UTC. */
export const NOW = Date.UTC(2025, 5, 11, 10, 0, 0);

export function user(userId: string, roles: Role[], managerId = ''): UserDoc {
  return userDoc(DEALER, userId, roles, { managerId });
}

export const USERS: UserDoc[] = [
  user('sam', ['salesperson'], 'maria'),
  user('maria', ['manager', 'receive-closed-lead-as-lost-notification']),
  user('ada', ['admin', 'manager']),
  user('rita', ['salesperson', 'close-lead-lost-permission'], 'maria'),
  user('bob', ['salesperson', 'bulk-manage']),
];

export function policy(overrides: Partial<CompanyPolicy> = {}): CompanyPolicy {
  return policyDoc(DEALER, 'Forecourt Motors', { definedRoles: ['receive-closed-lead-as-lost-notification', 'bulk-manage'], ...overrides });
}

/** Lead n: customer n, odd leads sam's RAV4, even ones bob's Focus, last updated n days ago. */
export function lead(n: number, overrides: Partial<LeadDoc> = {}): LeadDoc {
  return derivedLead({
    id: `lead:${n}`,
    dealershipId: DEALER,
    customer: { name: `Customer ${n}`, email: `c${n}@example.test`, phone: `0700 000 ${String(n).padStart(3, '0')}` },
    vehicle: n % 2 ? '2024 Toyota RAV4 Hybrid XLE' : '2023 Ford Focus ST',
    source: n % 3 ? 'Website' : 'Walk-in',
    salespersonId: n % 2 ? 'sam' : 'bob',
    createdAt: NOW - 30 * DAY,
    updatedAt: NOW - n * DAY,
    ...overrides,
  });
}

export function event(id: string, leadId: string, dueAt: number, overrides: Partial<CalendarEventDoc> = {}): CalendarEventDoc {
  return eventDoc(DEALER, `event:${id}`, leadId, dueAt, { title: `Follow up ${id}`, createdAt: NOW - 10 * DAY, updatedAt: NOW - 10 * DAY, ...overrides });
}

let counter = 0;
const run = Math.random().toString(36).slice(2, 8);
export const uniqueName = (label: string): string => `test-${label}-${run}-${++counter}`;

/**
 * A memory-storage store with the users, a policy and three open leads: lead:1 has an overdue
 * and a future event; lead:2 and lead:3 have none. Acting as `actor`.
 */
export async function openTestStore(
  options: Partial<StoreInternalOptions> & { actor?: string | null; policy?: Partial<CompanyPolicy> } = {},
): Promise<LeadStore> {
  const { actor = 'sam', policy: policyOverrides, ...rest } = options;
  const store = await createStore({
    dealershipId: DEALER,
    name: uniqueName('store'),
    storage: 'memory',
    deviceId: 'device-test',
    now: () => NOW,
    ...rest,
  });
  await store.importDocuments({
    policy: policy(policyOverrides),
    users: USERS,
    leads: [lead(1), lead(2), lead(3)],
    events: [event('overdue', 'lead:1', NOW - 2 * DAY), event('future', 'lead:1', NOW + 5 * DAY)],
  });
  if (actor) await store.setActor(actor);
  return store;
}

/** Every document of every collection with its revision, and the local documents other than the device id. */
export async function snapshot(store: LeadStore): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of ['leads', 'events', 'activity', 'users', 'policies']) {
    const docs = await store.database.collections[name]!.find({ sort: [{ id: 'asc' }] }).exec();
    out[name] = docs.map((d) => d.toJSON(true));
  }
  const { listLocal } = await import('../../../src/store/local.js');
  out['local'] = (await listLocal(store.database, '')).filter((d) => d.id !== 'device');
  return out;
}

export const closeLostChoices = (overrides: Record<string, unknown> = {}) => ({
  reasonId: 'price',
  completeOverdueEvents: true,
  completeAllEvents: false,
  notes: 'Went with a cheaper dealer.',
  contactGroups: ['live-leads'],
  followUpAt: NOW + 30 * DAY,
  ...overrides,
});
