/**
 * Notifications, company policy and users.
 *
 * Decisions (see docs/rules.md):
 * - Marking a notification read twice keeps the first readAt.
 * - An admin cannot remove their own admin role nor deactivate themselves (no lock-out).
 * - A user's manager must be another active manager or admin of the dealership ('' = any).
 */
import type { ChangeSet, Command, CommandContext, CompanyPolicy, DecisionState, Result, UserDoc } from '../../model/index.js';
import { LIMITS, fail, ok } from '../../model/index.js';
import { ids } from '../ids.js';
import { ALL_ROLES, validatePolicy } from '../policy.js';
import { isAdmin, isManager } from '../roles.js';
import { activityBase, firstError, stampOf } from './shared.js';

function withAudit(
  ctx: CommandContext,
  leadId: string,
  action: string,
  changes: Record<string, unknown>,
  set: Omit<ChangeSet, 'activity'> & { activity?: ChangeSet['activity'] },
): Result<ChangeSet> {
  return ok({
    ...set,
    activity: [...(set.activity ?? []), { ...activityBase(ctx, ids.audit(ctx.commandId), 'audit', leadId), action, changes }],
  });
}

export function decideMarkNotificationRead(
  command: Extract<Command, { type: 'mark-notification-read' }>,
  state: DecisionState,
  ctx: CommandContext,
): Result<ChangeSet> {
  const n = state.notification;
  if (!n || n.id !== command.notificationId) return fail('notification/not-found', `Notification ${command.notificationId} was not found.`, 'notificationId');
  if (n.recipientId !== ctx.actor.userId || n.dealershipId !== ctx.actor.dealershipId) {
    return fail('auth/not-permitted', 'Only its recipient can mark a notification read.');
  }
  const readAt = n.readAt !== 0 ? n.readAt : ctx.now;
  return withAudit(
    ctx,
    n.leadId,
    'mark-notification-read',
    { notificationId: n.id, readAt: [n.readAt, readAt] },
    {
      leads: [],
      events: [],
      activity: n.readAt !== 0 ? [] : [{ ...n, readAt }],
      users: [],
      policy: null,
      outcome: { outcome: 'read', notificationId: n.id },
    },
  );
}

export function decideUpdatePolicy(command: Extract<Command, { type: 'update-policy' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  if (!isAdmin(ctx.actor)) return fail('auth/not-admin', 'Only a dealership admin can change the company preferences.');
  if (!command.policy || typeof command.policy !== 'object') return fail('policy/invalid', 'The policy is missing.');
  const p = command.policy;
  const policy: CompanyPolicy = {
    id: 'policy',
    type: 'policy',
    dealershipId: ctx.actor.dealershipId,
    companyName: p.companyName,
    lostReasons: p.lostReasons,
    contactGroups: p.contactGroups,
    defaultLostContactGroups: p.defaultLostContactGroups,
    defaultWonContactGroups: p.defaultWonContactGroups,
    progressSteps: p.progressSteps,
    soldStepId: p.soldStepId,
    mandatory: p.mandatory,
    definedRoles: p.definedRoles,
    updatedAt: ctx.now,
    updatedBy: ctx.actor.userId,
    stamp: stampOf(ctx),
  };
  const invalid = firstError(validatePolicy(policy, state.policy));
  if (invalid) return invalid;
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(p) as Array<keyof typeof p>) {
    if (JSON.stringify(state.policy[key]) !== JSON.stringify(policy[key])) changes[key] = [state.policy[key], policy[key]];
  }
  return withAudit(ctx, '', 'update-policy', changes, { leads: [], events: [], users: [], policy, outcome: { outcome: 'saved' } });
}

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}$/;

export function decideUpsertUser(command: Extract<Command, { type: 'upsert-user' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  if (!isAdmin(ctx.actor)) return fail('auth/not-admin', 'Only a dealership admin can add or change users.');
  const u = command.user;
  if (!u || typeof u !== 'object') return fail('input/invalid', 'The user is missing.', 'user');
  if (typeof u.userId !== 'string' || !USER_ID.test(u.userId)) return fail('input/invalid', 'The login name is not valid.', 'userId');
  if (typeof u.name !== 'string' || u.name.trim() === '' || u.name.length > LIMITS.nameLength) {
    return fail('input/invalid', `The name is required (up to ${LIMITS.nameLength} characters).`, 'name');
  }
  if (typeof u.email !== 'string' || u.email.length > LIMITS.nameLength) return fail('input/invalid', 'The email is not valid text.', 'email');
  if (!Array.isArray(u.roles) || u.roles.some((r) => ALL_ROLES.indexOf(r) < 0)) return fail('input/invalid', 'Unknown role.', 'roles');
  if (typeof u.active !== 'boolean') return fail('input/invalid', 'Active must be true or false.', 'active');
  if (typeof u.managerId !== 'string') return fail('input/invalid', 'The manager must be a user id.', 'managerId');
  if (u.managerId !== '') {
    const manager = state.users.find((m) => m.userId === u.managerId && m.dealershipId === ctx.actor.dealershipId);
    if (!manager || !manager.active || !isManager(manager) || manager.userId === u.userId) {
      return fail('user/not-found', `${u.managerId} is not an active manager of this dealership.`, 'managerId');
    }
  }
  if (u.userId === ctx.actor.userId && (u.roles.indexOf('admin') < 0 || !u.active)) {
    return fail('input/invalid', 'You cannot remove your own admin role or deactivate yourself.', 'roles');
  }
  const previous = state.users.find((x) => x.userId === u.userId && x.dealershipId === ctx.actor.dealershipId) ?? null;
  const user: UserDoc = {
    id: ids.user(u.userId),
    type: 'user',
    dealershipId: ctx.actor.dealershipId,
    userId: u.userId,
    name: u.name.trim(),
    email: u.email.trim(),
    roles: [...u.roles],
    managerId: u.managerId,
    active: u.active,
    updatedAt: ctx.now,
  };
  const changes: Record<string, unknown> = { userId: u.userId };
  for (const key of ['name', 'email', 'roles', 'managerId', 'active'] as const) {
    if (JSON.stringify(previous?.[key] ?? null) !== JSON.stringify(user[key])) changes[key] = [previous?.[key] ?? null, user[key]];
  }
  return withAudit(ctx, '', 'upsert-user', changes, {
    leads: [],
    events: [],
    users: [user],
    policy: null,
    outcome: { outcome: previous ? 'updated' : 'created', userId: u.userId },
  });
}
