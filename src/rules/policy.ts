/**
 * Company policy validation.
 *
 * Decisions (see docs/rules.md):
 * - Lost reasons are never removed, only retired or hidden from reports: an update that drops a
 *   reason id the previous policy had is refused, because closed leads and reports refer to it.
 * - The sold step must be one of the progress steps ('' = no sold step).
 */
import type { CapabilityRole, CloseLostField, CompanyPolicy, Role, RuleError } from '../model/index.js';
import { LIMITS } from '../model/index.js';

export const CAPABILITY_ROLES: readonly CapabilityRole[] = ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification', 'bulk-manage'];
export const ALL_ROLES: readonly Role[] = ['salesperson', 'manager', 'admin', ...CAPABILITY_ROLES];
export const CLOSE_LOST_FIELDS: readonly CloseLostField[] = ['reason', 'notes', 'followUp'];

const ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;

function err(message: string, field: string, details?: Record<string, unknown>): RuleError {
  return { code: 'policy/invalid', message, field, ...(details ? { details } : {}) };
}

function checkList(errors: RuleError[], list: unknown, field: string, what: string): list is Array<{ id: string; label: string }> {
  if (!Array.isArray(list)) {
    errors.push(err(`${what} must be a list.`, field));
    return false;
  }
  const seen: string[] = [];
  for (const item of list as Array<{ id: unknown; label: unknown }>) {
    if (!item || typeof item.id !== 'string' || !ID.test(item.id)) {
      errors.push(err(`${what}: '${String(item?.id)}' is not a valid id (lower-case letters, digits, '.', '_', '-').`, field));
    } else if (seen.indexOf(item.id) >= 0) {
      errors.push(err(`${what}: '${item.id}' appears twice.`, field, { id: item.id }));
    } else seen.push(item.id);
    if (!item || typeof item.label !== 'string' || item.label.trim() === '' || item.label.length > LIMITS.nameLength) {
      errors.push(err(`${what}: every entry needs a label of up to ${LIMITS.nameLength} characters.`, field));
    }
  }
  return true;
}

/** Every problem with a policy an admin submits; `previous` is the policy it replaces. */
export function validatePolicy(policy: CompanyPolicy, previous: CompanyPolicy | null): RuleError[] {
  const errors: RuleError[] = [];
  if (typeof policy.companyName !== 'string' || policy.companyName.length > LIMITS.nameLength) {
    errors.push(err('The company name must be text.', 'companyName'));
  }
  if (checkList(errors, policy.lostReasons, 'lostReasons', 'Lost reasons')) {
    for (const r of policy.lostReasons) {
      if (typeof r.hiddenFromReports !== 'boolean' || typeof r.retired !== 'boolean') {
        errors.push(err(`Lost reason '${r.id}': hiddenFromReports and retired must be true or false.`, 'lostReasons'));
      }
    }
    for (const old of previous?.lostReasons ?? []) {
      if (!policy.lostReasons.some((r) => r.id === old.id)) {
        errors.push(err(`Lost reason '${old.id}' cannot be removed: retire it or hide it from reports instead.`, 'lostReasons', { id: old.id }));
      }
    }
  }
  if (checkList(errors, policy.contactGroups, 'contactGroups', 'Contact groups')) {
    for (const field of ['defaultLostContactGroups', 'defaultWonContactGroups'] as const) {
      const list = policy[field];
      if (!Array.isArray(list)) errors.push(err('Default contact groups must be a list.', field));
      else {
        for (const id of list) {
          if (!policy.contactGroups.some((g) => g.id === id)) errors.push(err(`Default contact group '${String(id)}' is not a contact group.`, field));
        }
      }
    }
  }
  if (checkList(errors, policy.progressSteps, 'progressSteps', 'Progress steps')) {
    if (policy.progressSteps.length === 0) errors.push(err('The road-to-the-sale needs at least one step.', 'progressSteps'));
    if (typeof policy.soldStepId !== 'string' || (policy.soldStepId !== '' && !policy.progressSteps.some((s) => s.id === policy.soldStepId))) {
      errors.push(err(`The sold step '${String(policy.soldStepId)}' is not one of the progress steps.`, 'soldStepId'));
    }
  }
  const mandatory = policy.mandatory;
  if (!mandatory || !Array.isArray(mandatory.closeLost) || typeof mandatory.progressNote !== 'boolean') {
    errors.push(err('Mandatory fields need closeLost (a list) and progressNote (true or false).', 'mandatory'));
  } else {
    for (const f of mandatory.closeLost) {
      if (CLOSE_LOST_FIELDS.indexOf(f) < 0) errors.push(err(`'${String(f)}' is not a Close Lost field.`, 'mandatory'));
    }
  }
  if (!Array.isArray(policy.definedRoles)) errors.push(err('Defined roles must be a list.', 'definedRoles'));
  else {
    for (const r of policy.definedRoles) {
      if (CAPABILITY_ROLES.indexOf(r) < 0) errors.push(err(`'${String(r)}' is not a capability role.`, 'definedRoles'));
    }
  }
  return errors;
}
