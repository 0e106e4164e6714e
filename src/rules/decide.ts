/**
 * decide(): one command + the state it needs + who/when → a ChangeSet or a typed error.
 * Pure: no I/O, no clock (ctx.now), no randomness (ids derive from ctx.commandId).
 */
import type { ChangeSet, Command, CommandContext, DecisionState, Result } from '../model/index.js';
import { fail } from '../model/index.js';
import {
  decideAddNote,
  decideAssign,
  decideCompleteEvents,
  decideCreateLead,
  decideRescheduleEvent,
  decideScheduleEvent,
  decideSetInterest,
} from './commands/lead.js';
import { decideCloseLost, decideCloseRequest, decideCloseWon, decideReopen, decideWithdrawCloseRequest } from './commands/close.js';
import { decideMarkSold, decideRecordResponse, decideUpdateProgress } from './commands/progress.js';
import { decideMarkNotificationRead, decideUpdatePolicy, decideUpsertUser } from './commands/admin.js';
import { canBulkManage } from './roles.js';
import { isValidDate } from './time.js';

/** Commands Bulk Manage may run over many leads. */
export const BULK_COMMANDS: readonly Command['type'][] = ['close-lost', 'close-won', 'update-progress', 'assign', 'set-interest'];

export function decide(command: Command, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  if (!ctx || !ctx.actor || !ctx.actor.userId) return fail('auth/no-actor', 'Nobody is signed in.');
  if (typeof ctx.now !== 'number' || !Number.isFinite(ctx.now) || typeof ctx.commandId !== 'string' || ctx.commandId === '') {
    return fail('input/invalid', 'A command needs a time and a command id.');
  }
  // Every command stamps documents with ctx.now (a new lead's createdAt, …): a clock outside the
  // accepted dates would write them.
  if (!isValidDate(ctx.now)) return fail('input/date-invalid', "This device's clock gives an impossible date.", 'now');
  if (state.policy.dealershipId !== ctx.actor.dealershipId) {
    return fail('auth/other-dealership', 'You are signed in to another dealership.');
  }
  if (!command || typeof command !== 'object') return fail('command/unknown', 'Not a command.');
  if (ctx.bulkId !== undefined) {
    if (!canBulkManage(ctx.actor)) return fail('auth/bulk-manage-required', "Bulk Manage needs the 'Bulk Manage' role.");
    if (BULK_COMMANDS.indexOf(command.type) < 0) return fail('command/unknown', `'${command.type}' cannot be run in bulk.`);
  }
  switch (command.type) {
    case 'create-lead':
      return decideCreateLead(command, state, ctx);
    case 'close-lost':
      return decideCloseLost(command, state, ctx);
    case 'decide-close-request':
      return decideCloseRequest(command, state, ctx);
    case 'withdraw-close-request':
      return decideWithdrawCloseRequest(command, state, ctx);
    case 'close-won':
      return decideCloseWon(command, state, ctx);
    case 'mark-sold':
      return decideMarkSold(command, state, ctx);
    case 'reopen':
      return decideReopen(command, state, ctx);
    case 'update-progress':
      return decideUpdateProgress(command, state, ctx);
    case 'set-interest':
      return decideSetInterest(command, state, ctx);
    case 'add-note':
      return decideAddNote(command, state, ctx);
    case 'schedule-event':
      return decideScheduleEvent(command, state, ctx);
    case 'complete-events':
      return decideCompleteEvents(command, state, ctx);
    case 'reschedule-event':
      return decideRescheduleEvent(command, state, ctx);
    case 'record-response':
      return decideRecordResponse(command, state, ctx);
    case 'assign':
      return decideAssign(command, state, ctx);
    case 'mark-notification-read':
      return decideMarkNotificationRead(command, state, ctx);
    case 'update-policy':
      return decideUpdatePolicy(command, state, ctx);
    case 'upsert-user':
      return decideUpsertUser(command, state, ctx);
    default:
      return fail('command/unknown', `Unknown command '${String((command as { type?: unknown }).type)}'.`);
  }
}

/**
 * What the store loads into DecisionState before decide(). It always loads the policy and the
 * users. With `leadId`: the lead and its events, and (for close-lost, close-won) the lead's
 * pending request when lead.closeRequestId is set. With `requestId` (decide/withdraw): the
 * request, then the request's lead (request.leadId) and that lead's events. With
 * `notificationId`: the notification.
 */
export function requiredState(command: Command): { leadId?: string; requestId?: string; notificationId?: string } {
  switch (command.type) {
    case 'create-lead':
      return command.lead?.leadId ? { leadId: command.lead.leadId } : {};
    case 'decide-close-request':
    case 'withdraw-close-request':
      return { requestId: command.requestId };
    case 'mark-notification-read':
      return { notificationId: command.notificationId };
    case 'update-policy':
    case 'upsert-user':
      return {};
    default:
      return { leadId: command.leadId };
  }
}
