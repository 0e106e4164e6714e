/** People, policy and leads for the end-to-end tests, decided by the real rules. */
import type { SetupUser } from '../../../server/setup.js';
import { decide } from '../../../src/rules/index.js';
import { defaultPolicy, type Actor, type CompanyPolicy, type LeadDoc, type UserDoc } from '../../../src/model/index.js';
import type { ChangeSet } from '../../../src/model/commands.js';

export const sam = { name: 'sam', password: 'sam-secret-1' };
export const mia = { name: 'mia', password: 'mia-secret-1' };

export function people(permissionRole: boolean): SetupUser[] {
  return [
    { ...sam, displayName: 'Sam Seller', roles: permissionRole ? ['salesperson', 'close-lead-lost-permission'] : ['salesperson'], managerId: 'mia' },
    { ...mia, displayName: 'Mia Manager', roles: ['manager', 'receive-closed-lead-as-lost-notification', 'bulk-manage'] },
  ];
}

export function policyFor(dealershipId: string, overrides: Partial<CompanyPolicy>): CompanyPolicy {
  return { ...defaultPolicy(dealershipId), ...overrides };
}

export function userDocs(dealershipId: string, users: SetupUser[]): UserDoc[] {
  return users.map((u) => ({
    id: `user:${u.name}`,
    type: 'user',
    dealershipId,
    userId: u.name,
    name: u.displayName ?? u.name,
    email: '',
    roles: u.roles,
    managerId: u.managerId ?? '',
    active: true,
    updatedAt: 0,
  }));
}

export function actorOf(dealershipId: string, user: SetupUser, deviceId: string): Actor {
  return { userId: user.name, dealershipId, roles: user.roles, managerId: user.managerId ?? '', deviceId };
}

let sequence = 0;

/** A command decided by the rules as `actor` would on their device; throws on a refusal. */
export function decided(command: Parameters<typeof decide>[0], state: Parameters<typeof decide>[1], actor: Actor, now = Date.now()): ChangeSet {
  sequence += 1;
  const result = decide(command, state, { actor, now, commandId: `e2e${process.pid}x${sequence}` });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Every document of a change set, in an order the server accepts. */
export const documentsOf = (changes: ChangeSet): Array<Record<string, unknown>> =>
  [...changes.leads, ...changes.events, ...changes.activity] as unknown as Array<Record<string, unknown>>;

export function newLead(dealershipId: string, policy: CompanyPolicy, users: UserDoc[], creator: Actor, customer: string): ChangeSet & { lead: LeadDoc } {
  const changes = decided(
    {
      type: 'create-lead',
      lead: {
        customer: { name: customer, email: 'c@example.com', phone: '0400 000 000' },
        vehicle: '2024 Toyota RAV4',
        source: 'Website',
        salespersonId: 'sam',
      },
    },
    { policy, users },
    creator,
  );
  return { ...changes, lead: changes.leads[0]! };
}
