/**
 * Closing leads: close-lost (directly or as a request), deciding and withdrawing a request,
 * close-won and reopen.
 *
 * Decisions (see docs/rules.md):
 * - While a close-lost request is pending nobody closes the lead (lost or won): a manager
 *   decides the request, the requester may withdraw it.
 * - Any manager or admin of the dealership may decide a request (the named manager is the one
 *   notified), so a request never waits on one absent person.
 * - Approval applies exactly the request's choices at the moment of approval: overdue means due
 *   before the approval, a follow-up date that has passed meanwhile is still created (it shows
 *   as overdue). The approver is the closer (closedBy) and the requester is notified.
 * - Contact groups are added to the lead's groups (union), never replace them.
 * - Close Won records the sale (soldAt) when progress never did.
 * - Reopen clears every close field on the lead; the audit keeps their values.
 */
import type {
  CalendarEventDoc,
  CalendarEventType,
  ChangeSet,
  CloseLostChoices,
  CloseRequest,
  CloseWonChoices,
  Command,
  CommandContext,
  DecisionState,
  LeadDoc,
  Result,
} from '../../model/index.js';
import { LIMITS, OPEN_LEAD_CLOSE_STATE, fail } from '../../model/index.js';
import { normalizeCloseLost, normalizeCloseWon, unique, validateCloseLost, validateCloseWon } from '../choices.js';
import { ids } from '../ids.js';
import { closeLostMode, isManager, lostNotificationRecipients, requestRecipients } from '../roles.js';
import type { Draft } from './shared.js';
import { activityBase, complete, emptyDraft, firstError, noteEntry, notification, putEvent, requireLead, requireOpen, requireOpenLead } from './shared.js';

type EventOptions = Pick<CloseLostChoices, 'completeOverdueEvents' | 'completeAllEvents'>;

/** Completes the lead's incomplete events per the two options; returns their ids. */
function completeEventsOnClose(ctx: CommandContext, state: DecisionState, draft: Draft, leadId: string, options: EventOptions): string[] {
  const done: string[] = [];
  for (const e of state.events ?? []) {
    if (e.leadId !== leadId || e.completedAt !== 0) continue;
    const overdue = e.dueAt < ctx.now;
    if (options.completeAllEvents || (options.completeOverdueEvents && overdue)) {
      putEvent(draft, { ...e, completedAt: ctx.now, completedBy: ctx.actor.userId, updatedAt: ctx.now, commandId: ctx.commandId });
      done.push(e.id);
    }
  }
  return done;
}

export function followUpEvent(ctx: CommandContext, lead: LeadDoc, eventType: CalendarEventType, title: string, dueAt: number): CalendarEventDoc {
  return {
    id: ids.followUp(ctx.commandId),
    type: 'event',
    dealershipId: lead.dealershipId,
    leadId: lead.id,
    eventType,
    title,
    notes: '',
    dueAt,
    completedAt: 0,
    completedBy: '',
    assigneeId: lead.salespersonId,
    createdAt: ctx.now,
    createdBy: ctx.actor.userId,
    commandId: ctx.commandId,
    updatedAt: ctx.now,
  };
}

/**
 * The lead closed as lost with these choices, and the events, note and notifications that go with
 * it. `requestId`: the request an approval decides, carried by the notices so a reader can tell
 * whether that approval stood (src/rules/decisions.ts).
 */
function applyCloseLost(ctx: CommandContext, state: DecisionState, draft: Draft, lead: LeadDoc, choices: CloseLostChoices, requestId = ''): LeadDoc {
  const completed = completeEventsOnClose(ctx, state, draft, lead.id, choices);
  if (choices.followUpAt !== null) {
    putEvent(draft, followUpEvent(ctx, lead, 'closed-lost-follow-up', 'Closed Lost Lead Follow Up', choices.followUpAt));
  }
  if (choices.notes.trim() !== '') draft.activity.push(noteEntry(ctx, lead.id, choices.notes, 'close-lost'));
  const reason = state.policy.lostReasons.find((r) => r.id === choices.reasonId);
  for (const recipient of lostNotificationRecipients(ctx.actor.userId, lead.dealershipId, state.users, state.policy)) {
    draft.activity.push(
      notification(ctx, lead.id, recipient, 'lead-closed-lost', {
        leadId: lead.id,
        customerName: lead.customer.name,
        reasonId: choices.reasonId,
        reasonLabel: reason?.label ?? '',
        closedBy: ctx.actor.userId,
        ...(requestId ? { requestId } : {}),
      }),
    );
  }
  draft.outcome = { outcome: 'closed', leadId: lead.id, completedEvents: String(completed.length) };
  return {
    ...lead,
    status: 'closed',
    outcome: 'lost',
    closeReasonId: choices.reasonId,
    closedAt: ctx.now,
    closedBy: ctx.actor.userId,
    closeNotes: choices.notes,
    closeFollowUpAt: choices.followUpAt ?? 0,
    closeRequestId: '',
    contactGroups: unique([...lead.contactGroups, ...choices.contactGroups]),
  };
}

function refuseWhileRequested(lead: LeadDoc): Result<never> | null {
  if (lead.closeRequestId !== '') {
    return fail('lead/close-requested', 'A close-lost request is pending on this lead: a manager decides it first.', 'leadId', {
      leadId: lead.id,
      requestId: lead.closeRequestId,
    });
  }
  return null;
}

export function decideCloseLost(command: Extract<Command, { type: 'close-lost' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const open = requireOpenLead(state, ctx, command.leadId);
  if (!open.ok) return open;
  const lead = open.value;
  const pending = refuseWhileRequested(lead);
  if (pending) return pending;
  const mode = closeLostMode(ctx.actor, state.policy);
  if (!mode) {
    return fail('auth/not-permitted', "Closing a lead as lost needs the 'Close Lead Lost Permission' role.", undefined, {
      role: 'close-lead-lost-permission',
    });
  }
  const invalid = firstError(validateCloseLost(command.choices, state.policy, ctx.now));
  if (invalid) return invalid;
  const choices = normalizeCloseLost(command.choices);
  const draft = emptyDraft();

  if (mode === 'close') {
    const after = applyCloseLost(ctx, state, draft, lead, choices);
    return complete(ctx, state, draft, 'close-lost', { before: lead, after }, { reasonId: choices.reasonId, choices });
  }

  const requestId = ids.closeRequest(ctx.commandId);
  const managers = requestRecipients(ctx.actor, state.users);
  const request: CloseRequest = {
    ...activityBase(ctx, requestId, 'close-request', lead.id),
    choices,
    managerId: managers.length === 1 && managers[0] === ctx.actor.managerId ? ctx.actor.managerId : '',
    status: 'pending',
    decidedBy: '',
    decidedAt: 0,
    declineReason: '',
    decisionCommandId: '',
  };
  draft.activity.push(request);
  for (const managerId of managers) {
    draft.activity.push(
      notification(ctx, lead.id, managerId, 'close-request-submitted', {
        leadId: lead.id,
        requestId,
        customerName: lead.customer.name,
        reasonId: choices.reasonId,
        requestedBy: ctx.actor.userId,
      }),
    );
  }
  draft.outcome = { outcome: 'requested', leadId: lead.id, requestId };
  return complete(
    ctx,
    state,
    draft,
    'close-lost',
    { before: lead, after: { ...lead, closeRequestId: requestId } },
    {
      mode: 'request',
      requestId,
      choices,
    },
  );
}

function loadRequest(state: DecisionState, ctx: CommandContext, requestId: string): Result<CloseRequest> {
  const request = state.request;
  if (!request || request.id !== requestId) return fail('request/not-found', `Close request ${requestId} was not found.`, 'requestId', { requestId });
  if (request.dealershipId !== ctx.actor.dealershipId) {
    return fail('auth/other-dealership', 'This request belongs to another dealership.', 'requestId', { requestId });
  }
  if (request.status !== 'pending') {
    return fail('request/already-decided', `This request was already ${request.status}.`, 'requestId', { requestId, status: request.status });
  }
  return { ok: true, value: request };
}

export function decideCloseRequest(command: Extract<Command, { type: 'decide-close-request' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const loaded = loadRequest(state, ctx, command.requestId);
  if (!loaded.ok) return loaded;
  const request = loaded.value;
  if (!isManager(ctx.actor)) return fail('auth/not-manager', 'Only a manager can approve or decline a close-lost request.');
  if (command.decision !== 'approve' && command.decision !== 'decline') {
    return fail('input/invalid', "The decision must be 'approve' or 'decline'.", 'decision');
  }
  const declineReason = command.declineReason ?? '';
  if (typeof declineReason !== 'string') return fail('input/invalid', 'The decline reason must be text.', 'declineReason');
  if (declineReason.length > LIMITS.reasonLength) {
    return fail('input/text-too-long', `The decline reason is limited to ${LIMITS.reasonLength} characters.`, 'declineReason');
  }
  const found = requireLead(state, ctx, request.leadId);
  if (!found.ok) return found;
  const lead = found.value;
  const draft = emptyDraft();
  const decided: CloseRequest = {
    ...request,
    status: command.decision === 'approve' ? 'approved' : 'declined',
    decidedBy: ctx.actor.userId,
    decidedAt: ctx.now,
    declineReason: command.decision === 'decline' ? declineReason : '',
    decisionCommandId: ctx.commandId,
  };
  draft.activity.push(decided);
  const data = { leadId: lead.id, requestId: request.id, customerName: lead.customer.name, reasonId: request.choices.reasonId, decidedBy: ctx.actor.userId };

  if (command.decision === 'decline') {
    draft.activity.push(notification(ctx, lead.id, request.actorId, 'close-request-declined', { ...data, declineReason }));
    draft.outcome = { outcome: 'declined', leadId: lead.id, requestId: request.id };
    return complete(
      ctx,
      state,
      draft,
      'decide-close-request',
      { before: lead, after: { ...lead, closeRequestId: '' } },
      {
        decision: 'decline',
        requestId: request.id,
        requestedBy: request.actorId,
        declineReason,
      },
    );
  }

  const open = requireOpen(lead);
  if (!open.ok) return open;
  const choices = request.choices;
  if (choices.reasonId !== '' && !state.policy.lostReasons.some((r) => r.id === choices.reasonId)) {
    return fail('close/reason-unknown', `'${choices.reasonId}' is no longer one of the company's lost reasons.`, 'reasonId');
  }
  const after = applyCloseLost(ctx, state, draft, lead, choices, request.id);
  if (request.actorId !== ctx.actor.userId) {
    draft.activity.push(notification(ctx, lead.id, request.actorId, 'close-request-approved', data));
  }
  draft.outcome = { ...draft.outcome, outcome: 'closed', requestId: request.id };
  return complete(
    ctx,
    state,
    draft,
    'decide-close-request',
    { before: lead, after },
    {
      decision: 'approve',
      requestId: request.id,
      requestedBy: request.actorId,
      reasonId: choices.reasonId,
    },
  );
}

export function decideWithdrawCloseRequest(
  command: { type: 'withdraw-close-request'; requestId: string },
  state: DecisionState,
  ctx: CommandContext,
): Result<ChangeSet> {
  const loaded = loadRequest(state, ctx, command.requestId);
  if (!loaded.ok) return loaded;
  const request = loaded.value;
  if (request.actorId !== ctx.actor.userId) return fail('auth/not-permitted', 'Only the person who asked can withdraw a close-lost request.');
  const found = requireLead(state, ctx, request.leadId);
  if (!found.ok) return found;
  const lead = found.value;
  const draft = emptyDraft();
  draft.activity.push({ ...request, status: 'withdrawn', decidedBy: ctx.actor.userId, decidedAt: ctx.now, decisionCommandId: ctx.commandId });
  draft.outcome = { outcome: 'withdrawn', leadId: lead.id, requestId: request.id };
  const after = lead.closeRequestId === request.id ? { ...lead, closeRequestId: '' } : lead;
  return complete(ctx, state, draft, 'withdraw-close-request', { before: lead, after }, { requestId: request.id });
}

export function decideCloseWon(command: Extract<Command, { type: 'close-won' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const open = requireOpenLead(state, ctx, command.leadId);
  if (!open.ok) return open;
  const lead = open.value;
  const pending = refuseWhileRequested(lead);
  if (pending) return pending;
  const invalid = firstError(validateCloseWon(command.choices, state.policy, ctx.now));
  if (invalid) return invalid;
  const choices: CloseWonChoices = normalizeCloseWon(command.choices);
  const draft = emptyDraft();
  const completed = completeEventsOnClose(ctx, state, draft, lead.id, choices);
  if (choices.followUpAt !== null) {
    putEvent(draft, followUpEvent(ctx, lead, 'post-sale-follow-up', 'Post Sale Follow Up', choices.followUpAt));
  }
  if (choices.notes.trim() !== '') draft.activity.push(noteEntry(ctx, lead.id, choices.notes, 'close-won'));
  draft.outcome = { outcome: 'closed', leadId: lead.id, completedEvents: String(completed.length) };
  const after: LeadDoc = {
    ...lead,
    status: 'closed',
    outcome: 'won',
    closeReasonId: '',
    closedAt: ctx.now,
    closedBy: ctx.actor.userId,
    closeNotes: choices.notes,
    closeFollowUpAt: choices.followUpAt ?? 0,
    soldAt: lead.soldAt !== 0 ? lead.soldAt : ctx.now,
    contactGroups: unique([...lead.contactGroups, ...choices.contactGroups]),
  };
  return complete(ctx, state, draft, 'close-won', { before: lead, after }, { choices });
}

export function decideReopen(command: Extract<Command, { type: 'reopen' }>, state: DecisionState, ctx: CommandContext): Result<ChangeSet> {
  const found = requireLead(state, ctx, command.leadId);
  if (!found.ok) return found;
  const lead = found.value;
  if (lead.status !== 'closed') return fail('lead/open', 'This lead is already open.', 'leadId');
  if (!isManager(ctx.actor)) return fail('auth/not-manager', 'Only a manager can reopen a closed lead.');
  const note = command.note ?? '';
  if (typeof note !== 'string') return fail('input/invalid', 'The note must be text.', 'note');
  if (note.length > LIMITS.noteLength) return fail('input/text-too-long', `The note is limited to ${LIMITS.noteLength} characters.`, 'note');
  const draft = emptyDraft();
  if (note.trim() !== '') draft.activity.push(noteEntry(ctx, lead.id, note, 'reopen'));
  draft.outcome = { outcome: 'reopened', leadId: lead.id };
  const after: LeadDoc = {
    ...lead,
    ...OPEN_LEAD_CLOSE_STATE,
  };
  return complete(ctx, state, draft, 'reopen', { before: lead, after }, { previousOutcome: lead.outcome, previousReasonId: lead.closeReasonId });
}
