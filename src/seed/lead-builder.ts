/**
 * Replays a lead's history command by command (create, schedule, complete, progress, interest,
 * notes, assign, close requests, close lost / won), writing the documents each command would
 * write: the lead's current state with its per-field clock, the calendar events, and the
 * append-only activity (audit, notes, progress passes, requests, notifications). Derived fields
 * come from src/rules, so they agree with what the store computes.
 *
 * soldAt is not computed here at all: a progress save that ticks or clears the company's sold
 * step, and a Close Won, ask src/rules' decide() (the function the store runs for those commands)
 * what the lead becomes, and take soldAt from its answer. The rule (the latest Sold tick; 0 once
 * Sold is cleared; the close's time when Close Won finds no sale) has no smaller exported helper,
 * and a second copy of it here had drifted: it kept the first tick, never cleared, and Close Won
 * did not record the sale. A save that leaves the sold step alone leaves soldAt alone (the one
 * thing assumed here): asking decide() for every save too made 100,000 leads take 2.5 times as long.
 */
import type {
  ActivityDoc,
  CalendarEventDoc,
  CalendarEventType,
  CloseLostChoices,
  CloseRequest,
  Command as RuleCommand,
  CompanyPolicy,
  Customer,
  Interest,
  LeadDoc,
  LeadMergedField,
  NotificationTopic,
  ResponseKind,
  Stamp,
  UserDoc,
} from '../model/index.js';
import type { CloseWonChoices } from '../model/index.js';
import { LEAD_MERGED_FIELDS, newLeadState } from '../model/index.js';
import { decide } from '../rules/decide.js';
import { actionAt, currentProgressStep, leadSearchText, nextEventAt } from '../rules/lead.js';
import { ids } from '../rules/ids.js';
import { lostNotificationRecipients, requestRecipients } from '../rules/roles.js';
import type { Rng } from './random.js';

export interface Command {
  commandId: string;
  at: number;
  actor: UserDoc;
  stamp: Stamp;
}

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;

export class LeadBuilder {
  readonly lead: LeadDoc;
  readonly events: CalendarEventDoc[] = [];
  readonly activity: ActivityDoc[] = [];
  private readonly rng: Rng;
  private readonly policy: CompanyPolicy;
  private readonly users: UserDoc[];
  private readonly now: number;
  private readonly audit: boolean;
  /** The lead's number in the dealership: part of every command id, so ids never collide across leads. */
  private readonly serial: number;
  private commandCount = 0;

  constructor(
    rng: Rng,
    init: { dealershipId: string; customer: Customer; vehicle: string; source: string; salesperson: UserDoc; at: number },
    context: { policy: CompanyPolicy; users: readonly UserDoc[]; now: number; audit: boolean; serial: number },
  ) {
    this.audit = context.audit;
    this.serial = context.serial;
    this.rng = rng;
    this.policy = context.policy;
    this.users = [...context.users];
    this.now = context.now;
    const cmd = this.begin(init.salesperson, init.at);
    this.lead = {
      id: ids.lead(cmd.commandId),
      type: 'lead',
      dealershipId: init.dealershipId,
      customer: init.customer,
      vehicle: init.vehicle,
      source: init.source,
      salespersonId: init.salesperson.userId,
      createdAt: init.at,
      ...newLeadState(),
      actionAt: 0,
      updatedAt: init.at,
      search: leadSearchText(init),
      clock: {},
      commandId: cmd.commandId,
      updatedBy: init.salesperson.userId,
    };
    for (const field of LEAD_MERGED_FIELDS) this.lead.clock[field] = cmd.stamp;
    this.end(cmd, 'create-lead', { leadId: this.lead.id });
  }

  private begin(actor: UserDoc, at: number): Command {
    // Each lead's generator has 32 bits of state, so two leads' random streams can overlap at
    // 100,000 leads: the last group of the UUID carries (lead number, command number) instead.
    const random = this.rng.uuid();
    const commandId = `${random.slice(0, 24)}${hex(this.serial, 8)}${hex(this.commandCount++, 4)}`;
    const deviceId = `${actor.userId}-${this.rng.chance(0.6) ? 'desktop' : 'tablet'}`;
    return { commandId, at, actor, stamp: { at, deviceId, by: actor.userId } };
  }

  private base<K extends ActivityDoc['kind']>(cmd: Command, kind: K, suffix: string, at = cmd.at) {
    return {
      id: `activity:${cmd.commandId}:${suffix}`,
      type: 'activity' as const,
      dealershipId: this.lead?.dealershipId ?? '',
      kind,
      leadId: this.lead?.id ?? '',
      actorId: cmd.actor.userId,
      deviceId: cmd.stamp.deviceId,
      commandId: cmd.commandId,
      at,
    };
  }

  /**
   * The lead as src/rules would write it for `command`, run as `cmd` on the lead as it stands
   * (call it before the builder changes anything). A refusal is a bug in the generator: it throws.
   */
  private ruled(cmd: Command, command: RuleCommand): LeadDoc {
    const actor = cmd.actor;
    const result = decide(
      command,
      { policy: this.policy, users: this.users, lead: this.lead, events: this.events },
      {
        actor: { userId: actor.userId, dealershipId: actor.dealershipId, roles: actor.roles, managerId: actor.managerId, deviceId: cmd.stamp.deviceId },
        now: cmd.at,
        commandId: cmd.commandId,
      },
    );
    if (!result.ok) throw new Error(`seed: src/rules refuses ${command.type} on ${this.lead.id}: ${result.error.code} ${result.error.message}`);
    const lead = result.value.leads.find((l) => l.id === this.lead.id);
    if (!lead) throw new Error(`seed: ${command.type} on ${this.lead.id} wrote no lead`);
    return lead;
  }

  private set<F extends LeadMergedField>(cmd: Command, field: F, value: LeadDoc[F]): void {
    if (sameValue(this.lead[field], value)) return;
    this.lead[field] = value;
    this.lead.clock[field] = cmd.stamp;
  }

  /** Every command ends the same way: derived fields, who and when, one audit entry. */
  private end(cmd: Command, action: string, changes: Record<string, unknown>): void {
    const lead = this.lead;
    this.set(cmd, 'nextEventAt', nextEventAt(this.events));
    lead.updatedAt = cmd.at;
    lead.updatedBy = cmd.actor.userId;
    lead.commandId = cmd.commandId;
    lead.actionAt = actionAt(lead);
    if (!this.audit) return;
    const l = this.lead;
    this.activity.push({
      id: `activity:${cmd.commandId}:audit`,
      type: 'activity',
      dealershipId: l.dealershipId,
      kind: 'audit',
      leadId: l.id,
      actorId: cmd.actor.userId,
      deviceId: cmd.stamp.deviceId,
      commandId: cmd.commandId,
      at: cmd.at,
      action,
      changes,
    });
  }

  private note(cmd: Command, text: string, context: string): void {
    const l = this.lead;
    this.activity.push({
      id: `activity:${cmd.commandId}:note`,
      type: 'activity',
      dealershipId: l.dealershipId,
      kind: 'note',
      leadId: l.id,
      actorId: cmd.actor.userId,
      deviceId: cmd.stamp.deviceId,
      commandId: cmd.commandId,
      at: cmd.at,
      text,
      context,
    });
  }

  private notify(cmd: Command, recipientId: string, topic: NotificationTopic, data: Record<string, string>): void {
    const at = cmd.at;
    const readAt = at < this.now - 3 * 86_400_000 && this.rng.chance(0.85) ? at + this.rng.int(600_000, 2 * 86_400_000) : 0;
    this.activity.push({
      ...this.base(cmd, 'notification', `notify:${topic}:${recipientId}`),
      recipientId,
      topic,
      data,
      readAt: readAt > this.now ? 0 : readAt,
    });
  }

  schedule(actor: UserDoc, at: number, eventType: CalendarEventType, title: string, dueAt: number, notes = ''): CalendarEventDoc {
    const cmd = this.begin(actor, at);
    const event = this.makeEvent(cmd, ids.event(cmd.commandId), eventType, title, dueAt, notes);
    this.end(cmd, 'schedule-event', { eventId: event.id, dueAt });
    return event;
  }

  private makeEvent(cmd: Command, id: string, eventType: CalendarEventType, title: string, dueAt: number, notes: string): CalendarEventDoc {
    const event: CalendarEventDoc = {
      id,
      type: 'event',
      dealershipId: this.lead.dealershipId,
      leadId: this.lead.id,
      eventType,
      title,
      notes,
      dueAt,
      completedAt: 0,
      completedBy: '',
      assigneeId: this.lead.salespersonId,
      createdAt: cmd.at,
      createdBy: cmd.actor.userId,
      commandId: cmd.commandId,
      updatedAt: cmd.at,
    };
    this.events.push(event);
    return event;
  }

  private completeWhere(cmd: Command, which: (e: CalendarEventDoc) => boolean): string[] {
    const ids: string[] = [];
    for (const e of this.events) {
      if (e.completedAt === 0 && which(e)) {
        e.completedAt = cmd.at;
        e.completedBy = cmd.actor.userId;
        e.updatedAt = cmd.at;
        ids.push(e.id);
      }
    }
    return ids;
  }

  /** Completes the incomplete events due before `dueBefore`; no command when there are none. */
  complete(actor: UserDoc, at: number, dueBefore = Infinity): void {
    if (!this.events.some((e) => e.completedAt === 0 && e.dueAt < dueBefore)) return;
    const cmd = this.begin(actor, at);
    const eventIds = this.completeWhere(cmd, (e) => e.dueAt < dueBefore);
    this.end(cmd, 'complete-events', { eventIds });
  }

  /** The store's command for a progress save: the progress form, or a response that ticks its step. */
  private progressCommand(check: string[], clear: string[], note: string, via: string): RuleCommand {
    const leadId = this.lead.id;
    return via === 'progress'
      ? { type: 'update-progress', leadId, update: { check: [...check], clear: [...clear], note } }
      : { type: 'record-response', leadId, kind: via as ResponseKind, notes: note, updateProgress: true };
  }

  /** One progress save: ticks in click order (stamped at, at+1, …), clears, an optional note. */
  progress(actor: UserDoc, at: number, check: string[], clear: string[], note: string, via = 'progress'): void {
    const cmd = this.begin(actor, at);
    // soldAt as the rules write it, asked only when the save touches the sold step (see above).
    const soldStepId = this.policy.soldStepId;
    const touchesSold = soldStepId !== '' && (check.includes(soldStepId) || clear.includes(soldStepId));
    const soldAt = touchesSold ? this.ruled(cmd, this.progressCommand(check, clear, note, via)).soldAt : this.lead.soldAt;
    let tick = at;
    const write = (stepId: string, action: 'checked' | 'cleared', when: number): void => {
      const l = this.lead;
      const pass: ActivityDoc = {
        id: `activity:${cmd.commandId}:pass:${stepId}`,
        type: 'activity',
        dealershipId: l.dealershipId,
        kind: 'progress-pass',
        leadId: l.id,
        actorId: cmd.actor.userId,
        deviceId: cmd.stamp.deviceId,
        commandId: cmd.commandId,
        at: when,
        stepId,
        action,
        note,
        via,
      };
      this.activity.push(pass);
      this.lead.steps[stepId] = {
        checked: action === 'checked',
        stamp: { ...cmd.stamp, at: when },
        passId: pass.id,
      };
    };
    for (const stepId of clear) write(stepId, 'cleared', at);
    for (const stepId of check) {
      write(stepId, 'checked', tick);
      tick += 1;
    }
    this.set(cmd, 'soldAt', soldAt);
    this.lead.progressStepId = currentProgressStep(this.lead.steps);
    // A response (test drive, appraisal, email, SMS) files its note under its own kind.
    if (note) this.note(cmd, note, via);
    this.end(cmd, via === 'progress' ? 'update-progress' : 'record-response', { check, clear, via });
  }

  setInterest(actor: UserDoc, at: number, interest: Interest): void {
    if (interest === this.lead.interest) return;
    const cmd = this.begin(actor, at);
    const before = this.lead.interest;
    this.set(cmd, 'interest', interest);
    this.end(cmd, 'set-interest', { interest: [before, interest] });
  }

  addNote(actor: UserDoc, at: number, text: string): void {
    const cmd = this.begin(actor, at);
    this.note(cmd, text, 'note');
    this.end(cmd, 'add-note', {});
  }

  assign(actor: UserDoc, at: number, salespersonId: string): void {
    const cmd = this.begin(actor, at);
    const before = this.lead.salespersonId;
    this.set(cmd, 'salespersonId', salespersonId);
    for (const e of this.events) {
      if (e.completedAt === 0) {
        e.assigneeId = salespersonId;
        e.updatedAt = at;
      }
    }
    this.end(cmd, 'assign', { salespersonId: [before, salespersonId] });
  }

  requestClose(actor: UserDoc, at: number, choices: CloseLostChoices): CloseRequest {
    const cmd = this.begin(actor, at);
    const request: CloseRequest = {
      ...this.base(cmd, 'close-request', 'close-request'),
      choices,
      managerId: '',
      status: 'pending',
      decidedBy: '',
      decidedAt: 0,
      declineReason: '',
      decisionCommandId: '',
    };
    this.activity.push(request);
    this.set(cmd, 'closeRequestId', request.id);
    const managers = requestRecipients(actor, this.users);
    if (managers.length === 1 && managers[0] === actor.managerId) request.managerId = actor.managerId;
    for (const recipient of managers) {
      this.notify(cmd, recipient, 'close-request-submitted', {
        leadId: this.lead.id,
        requestId: request.id,
        customerName: this.lead.customer.name,
        reasonId: choices.reasonId,
        requestedBy: actor.userId,
      });
    }
    this.end(cmd, 'close-lost', { requestId: request.id, outcome: 'requested' });
    return request;
  }

  decide(manager: UserDoc, at: number, request: CloseRequest, decision: 'approve' | 'decline', declineReason = ''): void {
    const cmd = this.begin(manager, at);
    request.status = decision === 'approve' ? 'approved' : 'declined';
    request.decidedBy = manager.userId;
    request.decidedAt = at;
    request.declineReason = declineReason;
    request.decisionCommandId = cmd.commandId;
    this.set(cmd, 'closeRequestId', '');
    const requester = request.actorId;
    const data = {
      leadId: this.lead.id,
      requestId: request.id,
      customerName: this.lead.customer.name,
      reasonId: request.choices.reasonId,
      decidedBy: manager.userId,
    };
    if (decision === 'approve') {
      this.applyCloseLost(cmd, request.choices);
      if (requester !== manager.userId) this.notify(cmd, requester, 'close-request-approved', data);
    } else {
      this.notify(cmd, requester, 'close-request-declined', { ...data, declineReason });
    }
    this.end(cmd, 'decide-close-request', { requestId: request.id, decision });
  }

  closeLost(actor: UserDoc, at: number, choices: CloseLostChoices): void {
    const cmd = this.begin(actor, at);
    this.applyCloseLost(cmd, choices);
    this.end(cmd, 'close-lost', { outcome: 'closed', reasonId: choices.reasonId });
  }

  private applyCloseLost(cmd: Command, choices: CloseLostChoices): void {
    this.completeOnClose(cmd, choices);
    if (choices.followUpAt !== null) {
      this.makeEvent(cmd, ids.followUp(cmd.commandId), 'closed-lost-follow-up', 'Closed Lost Lead Follow Up', choices.followUpAt, '');
    }
    if (choices.notes) this.note(cmd, choices.notes, 'close-lost');
    this.closeFields(cmd, 'lost', choices.reasonId, choices);
    const reason = this.policy.lostReasons.find((r) => r.id === choices.reasonId);
    for (const recipient of lostNotificationRecipients(cmd.actor.userId, this.lead.dealershipId, this.users, this.policy)) {
      this.notify(cmd, recipient, 'lead-closed-lost', {
        leadId: this.lead.id,
        customerName: this.lead.customer.name,
        reasonId: choices.reasonId,
        reasonLabel: reason?.label ?? '',
        closedBy: cmd.actor.userId,
      });
    }
  }

  closeWon(actor: UserDoc, at: number, choices: CloseWonChoices): void {
    const cmd = this.begin(actor, at);
    const ruled = this.ruled(cmd, { type: 'close-won', leadId: this.lead.id, choices });
    this.completeOnClose(cmd, choices);
    if (choices.followUpAt !== null) {
      this.makeEvent(cmd, ids.followUp(cmd.commandId), 'post-sale-follow-up', 'Post Sale Follow Up', choices.followUpAt, '');
    }
    if (choices.notes) this.note(cmd, choices.notes, 'close-won');
    this.closeFields(cmd, 'won', '', choices);
    // Close Won records the sale at the close when progress never did.
    this.set(cmd, 'soldAt', ruled.soldAt);
    this.end(cmd, 'close-won', { outcome: 'closed' });
  }

  private completeOnClose(cmd: Command, choices: { completeOverdueEvents: boolean; completeAllEvents: boolean }): void {
    if (choices.completeAllEvents) this.completeWhere(cmd, () => true);
    else if (choices.completeOverdueEvents) this.completeWhere(cmd, (e) => e.dueAt < cmd.at);
  }

  private closeFields(
    cmd: Command,
    outcome: 'lost' | 'won',
    reasonId: string,
    choices: { notes: string; contactGroups: string[]; followUpAt: number | null },
  ): void {
    this.set(cmd, 'status', 'closed');
    this.set(cmd, 'outcome', outcome);
    this.set(cmd, 'closeReasonId', reasonId);
    this.set(cmd, 'closedAt', cmd.at);
    this.set(cmd, 'closedBy', cmd.actor.userId);
    this.set(cmd, 'closeNotes', choices.notes);
    this.set(cmd, 'closeFollowUpAt', choices.followUpAt ?? 0);
    const groups = [...this.lead.contactGroups];
    for (const g of choices.contactGroups) if (!groups.includes(g)) groups.push(g);
    this.set(cmd, 'contactGroups', groups);
  }
}

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0').slice(-digits);
