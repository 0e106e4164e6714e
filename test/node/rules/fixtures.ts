/** Shared builders for the rules tests: one dealership, its people, a lead and its events. */
import assert from 'node:assert/strict';
import type {
  Actor,
  CalendarEventDoc,
  ChangeSet,
  CommandContext,
  CompanyPolicy,
  DecisionState,
  ErrorCode,
  LeadDoc,
  Result,
  Role,
  UserDoc,
} from '../../../src/model/index.js';
import { derivedLead, eventDoc, policyDoc, userDoc } from '../support/documents.js';

export const DEALER = 'dealer-1';
/** 2025-06-15 12:00 UTC: mid-day, so "today" bounds are not at the edge. */
export const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
export const DAY = 86_400_000;

export function policy(overrides: Partial<CompanyPolicy> = {}): CompanyPolicy {
  return policyDoc(DEALER, 'Harbour Motors', overrides);
}

export function user(userId: string, roles: Role[], extra: Partial<UserDoc> = {}): UserDoc {
  return userDoc(DEALER, userId, roles, { email: `${userId}@harbour.test`, ...extra });
}

/** sam: salesperson; rita: salesperson in the permission role (manager mike); mike, nora: managers; ada: admin; bea: bulk manager. */
export const USERS: UserDoc[] = [
  user('sam', ['salesperson']),
  user('rita', ['salesperson', 'close-lead-lost-permission'], { managerId: 'mike' }),
  user('tom', ['salesperson', 'close-lead-lost-permission']),
  user('mike', ['manager']),
  user('nora', ['manager', 'receive-closed-lead-as-lost-notification']),
  user('olga', ['manager', 'receive-closed-lead-as-lost-notification']),
  user('ada', ['admin']),
  user('bea', ['salesperson', 'bulk-manage']),
];

export function actorOf(userId: string, users: UserDoc[] = USERS, deviceId = `device-${userId}`): Actor {
  const u = users.find((x) => x.userId === userId);
  assert.ok(u, `no user ${userId}`);
  return { userId, dealershipId: u.dealershipId, roles: u.roles, managerId: u.managerId, deviceId };
}

export function ctx(userId: string, commandId = 'cmd-1', now = NOW, extra: Partial<CommandContext> = {}): CommandContext {
  return { actor: actorOf(userId), now, commandId, ...extra };
}

export function lead(overrides: Partial<LeadDoc> = {}): LeadDoc {
  return derivedLead({ dealershipId: DEALER, createdAt: NOW - 30 * DAY, updatedAt: NOW - 10 * DAY, updatedBy: 'sam', ...overrides });
}

export function event(id: string, dueAt: number, overrides: Partial<CalendarEventDoc> = {}): CalendarEventDoc {
  return eventDoc(DEALER, id, 'lead:1', dueAt, { createdAt: NOW - 20 * DAY, updatedAt: NOW - 20 * DAY, ...overrides });
}

export function state(overrides: Partial<DecisionState> = {}): DecisionState {
  return { policy: policy(), users: USERS, lead: lead(), events: [], ...overrides };
}

export function mustOk<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function mustFail(result: Result<unknown>, code: ErrorCode): void {
  assert.equal(result.ok, false, `expected ${code}, got ok`);
  if (!result.ok) assert.equal(result.error.code, code, result.error.message);
}

export const audits = (cs: ChangeSet) => cs.activity.filter((a) => a.kind === 'audit');
export const ofKind = <K extends ChangeSet['activity'][number]['kind']>(cs: ChangeSet, kind: K) =>
  cs.activity.filter((a): a is Extract<ChangeSet['activity'][number], { kind: K }> => a.kind === kind);
export const onlyLead = (cs: ChangeSet): LeadDoc => {
  assert.equal(cs.leads.length, 1);
  return cs.leads[0]!;
};
