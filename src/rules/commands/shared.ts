/** The pieces every command's rule is built from: the draft ChangeSet, audit, notes, checks. */
import type {
  ActivityBase,
  ActivityDoc,
  AuditEntry,
  CalendarEventDoc,
  ChangeSet,
  CommandContext,
  DecisionState,
  LeadDoc,
  NoteEntry,
  NotificationEntry,
  NotificationTopic,
  Result,
  RuleError,
  Stamp,
} from '../../model/index.js';
import { LEAD_MERGED_FIELDS, fail, ok } from '../../model/index.js';
import { ids } from '../ids.js';
import { finishLead, sameValue } from '../lead.js';

export const stampOf = (ctx: CommandContext): Stamp => ({ at: ctx.now, deviceId: ctx.actor.deviceId, by: ctx.actor.userId });

export function activityBase<K extends ActivityDoc['kind']>(
  ctx: CommandContext,
  id: string,
  kind: K,
  leadId: string,
  at = ctx.now,
): ActivityBase & { kind: K } {
  return {
    id,
    type: 'activity',
    dealershipId: ctx.actor.dealershipId,
    kind,
    leadId,
    actorId: ctx.actor.userId,
    deviceId: ctx.actor.deviceId,
    commandId: ctx.commandId,
    at,
  };
}

export function noteEntry(ctx: CommandContext, leadId: string, text: string, context: string): NoteEntry {
  return { ...activityBase(ctx, ids.note(ctx.commandId), 'note', leadId), text, context };
}

export function notification(
  ctx: CommandContext,
  leadId: string,
  recipientId: string,
  topic: NotificationTopic,
  data: Record<string, string>,
): NotificationEntry {
  return {
    ...activityBase(ctx, ids.notification(ctx.commandId, topic, recipientId), 'notification', leadId),
    recipientId,
    topic,
    data,
    readAt: 0,
  };
}

/** A ChangeSet under construction. */
export interface Draft {
  leads: LeadDoc[];
  events: CalendarEventDoc[];
  activity: ActivityDoc[];
  outcome: Record<string, string>;
}

export const emptyDraft = (): Draft => ({ leads: [], events: [], activity: [], outcome: {} });

/** Replaces or adds an event in the draft (the latest version of each id wins). */
export function putEvent(draft: Draft, event: CalendarEventDoc): void {
  const i = draft.events.findIndex((e) => e.id === event.id);
  if (i >= 0) draft.events[i] = event;
  else draft.events.push(event);
}

/** The lead's events after the draft's changes. */
export function eventsAfter(state: DecisionState, draft: Draft, leadId: string): CalendarEventDoc[] {
  const byId = new Map<string, CalendarEventDoc>();
  for (const e of state.events ?? []) if (e.leadId === leadId) byId.set(e.id, e);
  for (const e of draft.events) if (e.leadId === leadId) byId.set(e.id, e);
  return [...byId.values()];
}

/** Merged fields that differ, as field → [before, after], for the audit. */
export function leadDiff(before: LeadDoc | null, after: LeadDoc): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of LEAD_MERGED_FIELDS) {
    const a = before ? before[field] : null;
    if (!sameValue(a, after[field])) changes[field] = [a, after[field]];
  }
  const steps: Record<string, unknown> = {};
  for (const id of Object.keys(after.steps)) {
    const was = before?.steps[id];
    const now = after.steps[id];
    if (now && (!was || was.passId !== now.passId)) steps[id] = [was ? was.checked : null, now.checked];
  }
  if (Object.keys(steps).length > 0) changes.steps = steps;
  if (before && before.progressStepId !== after.progressStepId) changes.progressStepId = [before.progressStepId, after.progressStepId];
  return changes;
}

/**
 * Closes the draft into a ChangeSet: finishes the lead (derived fields, stamps) when one was
 * written, and appends the command's one audit entry.
 */
export function complete(
  ctx: CommandContext,
  state: DecisionState,
  draft: Draft,
  action: string,
  lead: { before: LeadDoc | null; after: LeadDoc } | null,
  extra: Record<string, unknown> = {},
  auditLeadId = lead?.after.id ?? '',
): Result<ChangeSet> {
  let changes: Record<string, unknown> = {};
  if (lead) {
    const finished = finishLead(lead.before, lead.after, eventsAfter(state, draft, lead.after.id), stampOf(ctx), ctx.commandId);
    draft.leads.push(finished);
    changes = leadDiff(lead.before, finished);
  }
  if (draft.events.length > 0) changes.events = draft.events.map((e) => e.id);
  const created = draft.activity.map((a) => a.id);
  if (created.length > 0) changes.activity = created;
  const audit: AuditEntry = {
    ...activityBase(ctx, ids.audit(ctx.commandId), 'audit', auditLeadId),
    action,
    changes: { ...changes, ...extra },
  };
  return ok({
    leads: draft.leads,
    events: draft.events,
    activity: [...draft.activity, audit],
    users: [],
    policy: null,
    outcome: draft.outcome,
  });
}

export const failWith = (e: RuleError): Result<never> => ({ ok: false, error: e });

/** The first of several problems as the command's error; all of them in details.errors. */
export function firstError(errors: readonly RuleError[]): Result<never> | null {
  const first = errors[0];
  if (!first) return null;
  return {
    ok: false,
    error: errors.length > 1 ? { ...first, details: { ...(first.details ?? {}), errors } } : first,
  };
}

/** The lead a command is about, in the actor's dealership. */
export function requireLead(state: DecisionState, ctx: CommandContext, leadId: string): Result<LeadDoc> {
  const lead = state.lead;
  if (!lead || lead.id !== leadId) return fail('lead/not-found', `Lead ${leadId} was not found.`, 'leadId', { leadId });
  if (lead.dealershipId !== ctx.actor.dealershipId) {
    return fail('auth/other-dealership', 'This lead belongs to another dealership.', 'leadId', { leadId });
  }
  return ok(lead);
}

export function requireOpen(lead: LeadDoc): Result<LeadDoc> {
  if (lead.status !== 'open') return fail('lead/closed', 'This lead is closed; reopen it first.', 'leadId', { leadId: lead.id });
  return ok(lead);
}

/** The lead a command is about, in the actor's dealership, and open. */
export function requireOpenLead(state: DecisionState, ctx: CommandContext, leadId: string): Result<LeadDoc> {
  const found = requireLead(state, ctx, leadId);
  return found.ok ? requireOpen(found.value) : found;
}

export function userName(state: DecisionState, userId: string): string {
  return state.users.find((u) => u.userId === userId)?.name ?? userId;
}
