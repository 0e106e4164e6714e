/**
 * Everyday lead commands: create, interest, notes, calendar events, assignment.
 *
 * Decisions (see docs/rules.md):
 * - A new lead may be unassigned (salespersonId ''); its progress starts empty.
 * - Notes, events and assignment stay possible on a closed lead (a closed-lost follow-up must
 *   be workable); interest and progress need an open lead.
 * - Assigning needs a manager/admin or the 'bulk-manage' role (the seed's bulk allocation).
 * - Completing an event that is already complete leaves it as it was (completion is set once).
 * - Rescheduling (new due date, title or notes) needs an incomplete event and its creator, its
 *   assignee, the lead's salesperson or a manager; it works on a closed lead too. A reschedule
 *   that changes nothing is refused (it would only add an audit entry).
 * - Every command that concerns a lead touches it (updatedAt), since the last update is the
 *   dashboard's action date when no event is pending.
 */
import type { CalendarEventDoc, CalendarEventType, ChangeSet, Command, CommandContext, DecisionState, LeadDoc, Result } from '../../model/index.js';
import { INTERESTS, LIMITS, fail, newLeadState } from '../../model/index.js';
import { ids } from '../ids.js';
import { canBulkManage, isManager } from '../roles.js';
import { isValidDate, startOfLocalDay } from '../time.js';
import { complete, emptyDraft, noteEntry, putEvent, requireLead, requireOpenLead } from './shared.js';

export const EVENT_TYPES: readonly CalendarEventType[] = ['follow-up', 'closed-lost-follow-up', 'post-sale-follow-up', 'appointment', 'test-drive', 'call'];

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function activeUser(state: DecisionState, ctx: CommandContext, userId: string): boolean {
  return state.users.some((u) => u.userId === userId && u.active && u.dealershipId === ctx.actor.dealershipId);
}

export function decideCreateLead(command: Extract<Command, { type: 'create-lead' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const input = command.lead;
  if (!input || typeof input !== 'object' || !input.customer || typeof input.customer !== 'object') {
    return fail('input/invalid', 'A lead needs a customer.', 'customer');
  }
  const { customer } = input;
  if (!isText(customer.name, LIMITS.nameLength) || customer.name.trim() === '') {
    return fail('input/invalid', `The customer's name is required (up to ${LIMITS.nameLength} characters).`, 'customer.name');
  }
  if (!isText(customer.email, LIMITS.nameLength)) return fail('input/invalid', 'The email is not valid text.', 'customer.email');
  if (!isText(customer.phone, LIMITS.nameLength)) return fail('input/invalid', 'The phone is not valid text.', 'customer.phone');
  if (!isText(input.vehicle, LIMITS.titleLength)) return fail('input/invalid', 'The vehicle is not valid text.', 'vehicle');
  if (!isText(input.source, LIMITS.titleLength)) return fail('input/invalid', 'The source is not valid text.', 'source');
  const interest = input.interest ?? 'not-set';
  if (INTERESTS.indexOf(interest) < 0) return fail('interest/unknown', `'${String(interest)}' is not an interest level.`, 'interest');
  if (typeof input.salespersonId !== 'string' || (input.salespersonId !== '' && !activeUser(state, ctx, input.salespersonId))) {
    return fail('user/not-found', `Salesperson ${String(input.salespersonId)} is not an active user of this dealership.`, 'salespersonId');
  }
  const id = input.leadId ?? ids.lead(ctx.commandId);
  if (typeof id !== 'string' || !/^lead:[^\s]{1,200}$/.test(id)) return fail('input/invalid', "A lead id looks like 'lead:<id>'.", 'leadId');
  if (state.lead && state.lead.id === id) return fail('input/invalid', `Lead ${id} already exists.`, 'leadId');
  const lead: LeadDoc = {
    id,
    type: 'lead',
    dealershipId: ctx.actor.dealershipId,
    customer: { name: customer.name.trim(), email: customer.email.trim(), phone: customer.phone.trim() },
    vehicle: input.vehicle.trim(),
    source: input.source.trim(),
    salespersonId: input.salespersonId,
    createdAt: ctx.now,
    ...newLeadState(),
    interest,
    actionAt: ctx.now,
    updatedAt: ctx.now,
    search: '',
    clock: {},
    commandId: ctx.commandId,
    updatedBy: ctx.actor.userId,
  };
  const draft = emptyDraft();
  draft.outcome = { outcome: 'created', leadId: id };
  return complete(ctx, state, draft, 'create-lead', { before: null, after: lead });
}

export function decideSetInterest(command: Extract<Command, { type: 'set-interest' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const open = requireOpenLead(state, ctx, command.leadId);
  if (!open.ok) return open;
  if (INTERESTS.indexOf(command.interest) < 0) return fail('interest/unknown', `'${String(command.interest)}' is not an interest level.`, 'interest');
  const draft = emptyDraft();
  draft.outcome = { outcome: 'saved', leadId: open.value.id, interest: command.interest };
  return complete(ctx, state, draft, 'set-interest', { before: open.value, after: { ...open.value, interest: command.interest } });
}

export function decideAddNote(command: Extract<Command, { type: 'add-note' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const found = requireLead(state, ctx, command.leadId);
  if (!found.ok) return found;
  if (typeof command.text !== 'string' || command.text.trim() === '') return fail('input/invalid', 'The note is empty.', 'text');
  if (command.text.length > LIMITS.noteLength) return fail('input/text-too-long', `A note is limited to ${LIMITS.noteLength} characters.`, 'text');
  const draft = emptyDraft();
  draft.activity.push(noteEntry(ctx, found.value.id, command.text, 'note'));
  draft.outcome = { outcome: 'saved', leadId: found.value.id, noteId: ids.note(ctx.commandId) };
  return complete(ctx, state, draft, 'add-note', { before: found.value, after: found.value });
}

export function decideScheduleEvent(command: Extract<Command, { type: 'schedule-event' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const found = requireLead(state, ctx, command.leadId);
  if (!found.ok) return found;
  const lead = found.value;
  const input = command.event;
  if (!input || typeof input !== 'object') return fail('input/invalid', 'The event is missing.', 'event');
  if (EVENT_TYPES.indexOf(input.eventType) < 0) return fail('input/invalid', `'${String(input.eventType)}' is not an event type.`, 'eventType');
  if (!isText(input.title, LIMITS.titleLength) || input.title.trim() === '') {
    return fail('input/invalid', `The event needs a title (up to ${LIMITS.titleLength} characters).`, 'title');
  }
  const notes = input.notes ?? '';
  if (!isText(notes, LIMITS.noteLength)) return fail('input/text-too-long', `Notes are limited to ${LIMITS.noteLength} characters.`, 'notes');
  if (!isValidDate(input.dueAt)) return fail('input/date-invalid', 'The due date is not a valid date.', 'dueAt');
  if (input.dueAt < startOfLocalDay(ctx.now)) return fail('input/date-in-past', 'The due date is in the past.', 'dueAt');
  const assigneeId = input.assigneeId ?? (lead.salespersonId || ctx.actor.userId);
  if (typeof assigneeId !== 'string' || !activeUser(state, ctx, assigneeId)) {
    return fail('user/not-found', `${String(assigneeId)} is not an active user of this dealership.`, 'assigneeId');
  }
  const event: CalendarEventDoc = {
    id: ids.event(ctx.commandId),
    type: 'event',
    dealershipId: lead.dealershipId,
    leadId: lead.id,
    eventType: input.eventType,
    title: input.title.trim(),
    notes,
    dueAt: input.dueAt,
    completedAt: 0,
    completedBy: '',
    assigneeId,
    createdAt: ctx.now,
    createdBy: ctx.actor.userId,
    commandId: ctx.commandId,
    updatedAt: ctx.now,
  };
  const draft = emptyDraft();
  putEvent(draft, event);
  draft.outcome = { outcome: 'scheduled', leadId: lead.id, eventId: event.id };
  return complete(ctx, state, draft, 'schedule-event', { before: lead, after: lead });
}

export function decideCompleteEvents(command: Extract<Command, { type: 'complete-events' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const found = requireLead(state, ctx, command.leadId);
  if (!found.ok) return found;
  const lead = found.value;
  if (!Array.isArray(command.eventIds) || command.eventIds.length === 0) return fail('input/invalid', 'Choose at least one event.', 'eventIds');
  const draft = emptyDraft();
  const already: string[] = [];
  for (const id of command.eventIds) {
    const event = (state.events ?? []).find((e) => e.id === id && e.leadId === lead.id);
    if (!event) return fail('event/not-found', `Event ${String(id)} was not found on this lead.`, 'eventIds', { eventId: id });
    if (event.completedAt !== 0) already.push(id);
    else putEvent(draft, { ...event, completedAt: ctx.now, completedBy: ctx.actor.userId, updatedAt: ctx.now, commandId: ctx.commandId });
  }
  draft.outcome = { outcome: 'completed', leadId: lead.id, completed: String(draft.events.length) };
  return complete(ctx, state, draft, 'complete-events', { before: lead, after: lead }, already.length ? { alreadyComplete: already } : {});
}

/** Who may move an event: its creator, its assignee, the lead's salesperson or a manager. */
export function mayRescheduleEvent(event: CalendarEventDoc, lead: LeadDoc, actor: Pick<CommandContext['actor'], 'userId' | 'roles'>): boolean {
  const me = actor.userId;
  return me === event.createdBy || me === event.assigneeId || me === lead.salespersonId || isManager(actor);
}

export function decideRescheduleEvent(command: Extract<Command, { type: 'reschedule-event' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const found = requireLead(state, ctx, command.leadId);
  if (!found.ok) return found;
  const lead = found.value;
  const event = (state.events ?? []).find((e) => e.id === command.eventId && e.leadId === lead.id);
  if (!event) return fail('event/not-found', `Event ${String(command.eventId)} was not found on this lead.`, 'eventId', { eventId: command.eventId });
  if (!mayRescheduleEvent(event, lead, ctx.actor)) {
    return fail('auth/not-permitted', "Only the event's creator or assignee, the lead's salesperson or a manager can reschedule it.", 'eventId');
  }
  if (event.completedAt !== 0) return fail('event/completed', 'This event is complete; schedule a new one instead.', 'eventId', { eventId: event.id });
  if (!isValidDate(command.dueAt)) return fail('input/date-invalid', 'The due date is not a valid date.', 'dueAt');
  if (command.dueAt < startOfLocalDay(ctx.now)) return fail('input/date-in-past', 'The due date is in the past.', 'dueAt');
  const title = command.title === undefined ? event.title : command.title;
  if (!isText(title, LIMITS.titleLength) || title.trim() === '') {
    return fail('input/invalid', `The event needs a title (up to ${LIMITS.titleLength} characters).`, 'title');
  }
  const notes = command.notes === undefined ? event.notes : command.notes;
  if (!isText(notes, LIMITS.noteLength)) return fail('input/text-too-long', `Notes are limited to ${LIMITS.noteLength} characters.`, 'notes');
  const after: CalendarEventDoc = { ...event, dueAt: command.dueAt, title: title.trim(), notes, updatedAt: ctx.now, commandId: ctx.commandId };
  const changed: Record<string, unknown> = {};
  for (const field of ['dueAt', 'title', 'notes'] as const) if (after[field] !== event[field]) changed[field] = [event[field], after[field]];
  if (Object.keys(changed).length === 0) return fail('input/invalid', 'The event already has this date, title and notes.', 'dueAt');
  const draft = emptyDraft();
  putEvent(draft, after);
  draft.outcome = { outcome: 'rescheduled', leadId: lead.id, eventId: event.id };
  return complete(ctx, state, draft, 'reschedule-event', { before: lead, after: lead }, { eventId: event.id, event: changed });
}

export function decideAssign(command: Extract<Command, { type: 'assign' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const found = requireLead(state, ctx, command.leadId);
  if (!found.ok) return found;
  if (!isManager(ctx.actor) && !canBulkManage(ctx.actor)) {
    return fail('auth/not-manager', "Assigning leads needs a manager or the 'Bulk Manage' role.");
  }
  if (typeof command.salespersonId !== 'string' || !activeUser(state, ctx, command.salespersonId)) {
    return fail('user/not-found', `${String(command.salespersonId)} is not an active user of this dealership.`, 'salespersonId');
  }
  const draft = emptyDraft();
  draft.outcome = { outcome: 'assigned', leadId: found.value.id, salespersonId: command.salespersonId };
  return complete(ctx, state, draft, 'assign', { before: found.value, after: { ...found.value, salespersonId: command.salespersonId } });
}
