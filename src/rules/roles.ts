/**
 * Who may do what. Decisions (see docs/rules.md):
 * - "Manager" means the manager or admin base role.
 * - A capability role only counts when the company defined it (policy.definedRoles); a user
 *   carrying an undefined role gains nothing from it.
 * - A close-lost request goes to the requester's own manager when they name one who is an
 *   active manager/admin of the dealership; otherwise to every active manager of the dealership
 *   (to the admins when the dealership has no manager).
 */
import type { Actor, CompanyPolicy, Role, UserDoc } from '../model/index.js';

type HasRoles = { roles: readonly Role[] };

export const isManager = (actor: HasRoles): boolean => actor.roles.indexOf('manager') >= 0 || actor.roles.indexOf('admin') >= 0;

export const isAdmin = (actor: HasRoles): boolean => actor.roles.indexOf('admin') >= 0;

/** Bulk Manage always needs the 'bulk-manage' role (admins have it implicitly). */
export const canBulkManage = (actor: HasRoles): boolean => actor.roles.indexOf('bulk-manage') >= 0 || isAdmin(actor);

export const permissionRoleDefined = (policy: Pick<CompanyPolicy, 'definedRoles'>): boolean => policy.definedRoles.indexOf('close-lead-lost-permission') >= 0;

/**
 * How this actor may close a lead as lost: 'close' directly, 'request' from a manager, or
 * null (no Close Lost action at all).
 */
export function closeLostMode(actor: HasRoles, policy: Pick<CompanyPolicy, 'definedRoles'>): 'close' | 'request' | null {
  if (!permissionRoleDefined(policy)) return 'close';
  if (isManager(actor)) return 'close';
  if (actor.roles.indexOf('close-lead-lost-permission') >= 0) return 'request';
  return null;
}

/** Users who receive a close-lost request from `actor`. */
export function requestRecipients(actor: Pick<Actor, 'userId' | 'managerId' | 'dealershipId'>, users: readonly UserDoc[]): string[] {
  const managers = users.filter((u) => u.active && u.dealershipId === actor.dealershipId && u.userId !== actor.userId && isManager(u));
  const own = managers.find((u) => u.userId === actor.managerId);
  if (own) return [own.userId];
  const withManagerRole = managers.filter((u) => u.roles.indexOf('manager') >= 0);
  return (withManagerRole.length > 0 ? withManagerRole : managers).map((u) => u.userId).sort();
}

/** Members of 'receive-closed-lead-as-lost-notification' (when defined) except the closing user. */
export function lostNotificationRecipients(
  closerId: string,
  dealershipId: string,
  users: readonly UserDoc[],
  policy: Pick<CompanyPolicy, 'definedRoles'>,
): string[] {
  if (policy.definedRoles.indexOf('receive-closed-lead-as-lost-notification') < 0) return [];
  return users
    .filter((u) => u.active && u.dealershipId === dealershipId && u.userId !== closerId && u.roles.indexOf('receive-closed-lead-as-lost-notification') >= 0)
    .map((u) => u.userId)
    .sort();
}
