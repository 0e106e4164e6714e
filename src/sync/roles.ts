/**
 * How forecourt roles are named in CouchDB. A user's CouchDB roles are `<dealershipId>:<role>`
 * (e.g. `harbour-motors:manager`), so one `_users` entry can belong to several dealerships with
 * different roles; `_admin` (a server admin) counts as a forecourt admin everywhere.
 * Plain ES5-compatible code: the server's validate_doc_update is bundled from it.
 */
import type { Role } from '../model/index.js';

export const ALL_ROLES: readonly Role[] = [
  'salesperson',
  'manager',
  'admin',
  'close-lead-lost-permission',
  'receive-closed-lead-as-lost-notification',
  'bulk-manage',
];

export const SERVER_ADMIN_ROLE = '_admin';

export function couchRole(dealershipId: string, role: Role): string {
  return dealershipId + ':' + role;
}

/** The CouchDB roles of a forecourt user of one dealership. */
export function couchRolesFor(dealershipId: string, roles: readonly Role[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < roles.length; i++) out.push(couchRole(dealershipId, roles[i] as Role));
  return out;
}

/** The forecourt roles a CouchDB user holds in one dealership (others' roles are ignored). */
export function forecourtRolesOf(dealershipId: string, couchRoles: readonly string[]): Role[] {
  const prefix = dealershipId + ':';
  const out: Role[] = [];
  for (let i = 0; i < couchRoles.length; i++) {
    const r = couchRoles[i] as string;
    if (r.indexOf(prefix) !== 0) continue;
    const role = r.substring(prefix.length) as Role;
    if (ALL_ROLES.indexOf(role) >= 0 && out.indexOf(role) < 0) out.push(role);
  }
  return out;
}

/** `_security.members.roles` of a dealership's database: every forecourt role of that dealership. */
export function memberRoles(dealershipId: string): string[] {
  return couchRolesFor(dealershipId, ALL_ROLES);
}
