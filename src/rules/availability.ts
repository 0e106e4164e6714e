/**
 * What the elements call to enable an action or explain why it is unavailable. The same checks
 * decide() makes, without the input: an action refused here is refused there too.
 */
import type { Actor, CalendarEventDoc, CloseRequest, CompanyPolicy, LeadDoc, Result } from '../model/index.js';
import { fail, ok } from '../model/index.js';
import { closeLostMode, isManager } from './roles.js';
import { mayRescheduleEvent } from './commands/lead.js';

type Who = Pick<Actor, 'roles' | 'dealershipId'>;

function openLead(lead: LeadDoc, actor: Who): Result<never> | null {
  if (lead.dealershipId !== actor.dealershipId) return fail('auth/other-dealership', 'This lead belongs to another dealership.');
  if (lead.status !== 'open') return fail('lead/closed', 'This lead is already closed.');
  if (lead.closeRequestId !== '') return fail('lead/close-requested', 'A close-lost request is waiting for a manager’s decision.');
  return null;
}

/** 'close' directly, 'request' from a manager, or why there is no Close Lost action for this user. */
export function closeLostAvailability(lead: LeadDoc, actor: Who, policy: Pick<CompanyPolicy, 'definedRoles'>): Result<{ mode: 'close' | 'request' }> {
  const refused = openLead(lead, actor);
  if (refused) return refused;
  const mode = closeLostMode(actor, policy);
  if (!mode) return fail('auth/not-permitted', "Closing a lead as lost needs the 'Close Lead Lost Permission' role.");
  return ok({ mode });
}

export function closeWonAvailability(lead: LeadDoc, actor: Who): Result<{ mode: 'close' }> {
  const refused = openLead(lead, actor);
  if (refused) return refused;
  return ok({ mode: 'close' });
}

export function reopenAvailability(lead: LeadDoc, actor: Who): Result<true> {
  if (lead.dealershipId !== actor.dealershipId) return fail('auth/other-dealership', 'This lead belongs to another dealership.');
  if (lead.status !== 'closed') return fail('lead/open', 'This lead is open.');
  if (!isManager(actor)) return fail('auth/not-manager', 'Only a manager can reopen a closed lead.');
  return ok(true);
}

/** Whether this user may approve or decline the request. */
export function decideAvailability(request: CloseRequest, actor: Who): Result<true> {
  if (request.dealershipId !== actor.dealershipId) return fail('auth/other-dealership', 'This request belongs to another dealership.');
  if (request.status !== 'pending') return fail('request/already-decided', `This request was already ${request.status}.`);
  if (!isManager(actor)) return fail('auth/not-manager', 'Only a manager can approve or decline a close-lost request.');
  return ok(true);
}

/** Whether this user may withdraw the request (only its requester, while pending). */
export function withdrawAvailability(request: CloseRequest, actor: Pick<Actor, 'userId'>): Result<true> {
  if (request.status !== 'pending') return fail('request/already-decided', `This request was already ${request.status}.`);
  if (request.actorId !== actor.userId) return fail('auth/not-permitted', 'Only the person who asked can withdraw a close-lost request.');
  return ok(true);
}

/** Progress, interest, responses: open leads only. */
export function progressAvailability(lead: LeadDoc, actor: Who): Result<true> {
  if (lead.dealershipId !== actor.dealershipId) return fail('auth/other-dealership', 'This lead belongs to another dealership.');
  if (lead.status !== 'open') return fail('lead/closed', 'This lead is closed; a manager can reopen it.');
  return ok(true);
}

/** Whether this user may reschedule the event (its creator or assignee, the lead's salesperson or a manager; incomplete events only). */
export function rescheduleAvailability(event: CalendarEventDoc, lead: LeadDoc, actor: Pick<Actor, 'userId' | 'roles' | 'dealershipId'>): Result<true> {
  if (lead.dealershipId !== actor.dealershipId) return fail('auth/other-dealership', 'This lead belongs to another dealership.');
  if (!mayRescheduleEvent(event, lead, actor)) {
    return fail('auth/not-permitted', "Only the event's creator or assignee, the lead's salesperson or a manager can reschedule it.");
  }
  if (event.completedAt !== 0) return fail('event/completed', 'This event is complete.');
  return ok(true);
}
