import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CalendarEventType, RuleError } from '../../src/model/index.js';
import { EVENT_TYPES, startOfLocalDay } from '../../src/rules/index.js';
import { emit } from '../shared/events.js';
import { errorMessage, msg, type MsgKey } from '../shared/i18n.js';
import { localDateValue, parseLocal } from '../shared/dates.js';
import { LeadElement } from '../shared/lead-element.js';
import { styles } from './follow-up-form.styles.js';

/**
 * @summary Schedules a calendar event on a lead: type, title, due date and time, notes.
 *
 * Used by `<lead-progress>` after "Schedule a follow-up? — Yes", and usable alone. A due date in
 * the past or a missing title shows an inline message and writes nothing.
 *
 * @fires follow-up-schedule - Cancelable, before the event is written (detail: `{ leadId, eventType, title, dueAt }`).
 * @fires follow-up-scheduled - The event was written (detail: `{ leadId, eventType, title, dueAt, commandId }`).
 * @fires follow-up-cancelled - Cancel was pressed (detail: `{ leadId }`).
 * @fires command-failed - The store refused it (detail: `{ leadId, command, error }`).
 *
 * @csspart form - The form.
 * @csspart footer - The buttons.
 * @csspart status - The confirmation.
 * @csspart message - Loading and error messages.
 *
 * @cssprop --lead-color-accent - Primary button.
 * @cssprop --lead-color-danger - Error text.
 * @cssprop --lead-color-border - Borders.
 */
export class FollowUpFormElement extends LeadElement {
  static override styles = styles;

  /** The event type offered first. */
  @property({ attribute: 'event-type' }) eventType: CalendarEventType = 'follow-up';
  /** The form's heading; default "Schedule a follow-up". */
  @property() heading = '';

  @state() private type: CalendarEventType | '' = '';
  @state() private eventTitle: string | null = null;
  @state() private date = '';
  @state() private time = '09:00';
  @state() private notes = '';
  @state() private errors: RuleError[] = [];
  @state() private done = false;
  @state() private busy = false;

  override focus(options?: FocusOptions): void {
    const first = this.renderRoot.querySelector<HTMLElement>('select, input');
    if (first) first.focus(options);
    else super.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('leadId')) this.reset();
  }

  reset(): void {
    this.type = '';
    this.eventTitle = null;
    this.date = '';
    this.time = '09:00';
    this.notes = '';
    this.errors = [];
  }

  private defaultTitle(): string {
    return msg('follow-up.default-title', { name: this.lead?.customer.name ?? '' });
  }

  async submit(): Promise<boolean> {
    const store = this.store;
    const lead = this.lead;
    if (!store || !lead || this.busy) return false;
    const eventType = this.type || this.eventType;
    const title = (this.eventTitle ?? this.defaultTitle()).trim();
    const dueAt = parseLocal(this.date, this.time);
    const errors: RuleError[] = [];
    if (title === '') errors.push({ code: 'input/invalid', message: 'A title is required.', field: 'title' });
    if (!this.date || Number.isNaN(dueAt)) errors.push({ code: 'input/date-invalid', message: 'Choose a date.', field: 'dueAt' });
    else if (dueAt < startOfLocalDay(Date.now())) errors.push({ code: 'input/date-in-past', message: 'In the past.', field: 'dueAt' });
    this.errors = errors;
    if (errors.length > 0) return false;
    if (!emit(this, 'follow-up-schedule', { leadId: lead.id, eventType, title, dueAt }, { cancelable: true })) return false;
    this.busy = true;
    try {
      const result = await store.execute({
        type: 'schedule-event',
        leadId: lead.id,
        event: { eventType, title, dueAt, ...(this.notes ? { notes: this.notes } : {}) },
      });
      if (!result.ok) {
        this.errors = [result.error];
        emit(this, 'command-failed', { leadId: lead.id, command: 'schedule-event', error: result.error });
        return false;
      }
      this.reset();
      this.done = true;
      emit(this, 'follow-up-scheduled', { leadId: lead.id, eventType, title, dueAt, commandId: result.commandId });
      return true;
    } finally {
      this.busy = false;
    }
  }

  private fieldError(field: string) {
    const errors = this.errors.filter((e) => e.field === field);
    return errors.length ? html`<p class="error" id="${field}-error">${errors.map((e) => errorMessage(e)).join(' ')}</p>` : nothing;
  }

  protected override render() {
    const waiting = this.renderWaiting();
    if (waiting) return waiting;
    const invalid = (field: string) => (this.errors.some((e) => e.field === field) ? 'true' : 'false');
    const described = (field: string) => (this.errors.some((e) => e.field === field) ? `${field}-error` : nothing);
    const other = this.errors.filter((e) => !['title', 'dueAt', 'notes', 'eventType'].includes(e.field ?? ''));
    return html`
      <form
        part="form"
        aria-labelledby="heading"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.submit();
        }}
        @input=${() => (this.done = false)}
      >
        <h3 id="heading">${this.heading || msg('follow-up.title')}</h3>
        <div class="field">
          <label for="type">${msg('follow-up.type')}</label>
          <select id="type" .value=${this.type || this.eventType} @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value as CalendarEventType)}>
            ${EVENT_TYPES.map((t) => html`<option value=${t} ?selected=${t === (this.type || this.eventType)}>${msg(`event-type.${t}` as MsgKey)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="title">${msg('follow-up.event-title')} <span class="req">(${msg('common.required')})</span></label>
          <input id="title" type="text" aria-required="true" aria-invalid=${invalid('title')} aria-describedby=${described('title')}
            .value=${this.eventTitle ?? this.defaultTitle()} @input=${(e: Event) => (this.eventTitle = (e.target as HTMLInputElement).value)} />
          ${this.fieldError('title')}
        </div>
        <div class="row">
          <div class="field">
            <label for="date">${msg('follow-up.due-date')} <span class="req">(${msg('common.required')})</span></label>
            <input id="date" type="date" aria-required="true" aria-invalid=${invalid('dueAt')} aria-describedby=${described('dueAt')}
              min=${localDateValue(Date.now())} .value=${this.date} @input=${(e: Event) => (this.date = (e.target as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="time">${msg('follow-up.due-time')}</label>
            <input id="time" type="time" .value=${this.time} @input=${(e: Event) => (this.time = (e.target as HTMLInputElement).value)} />
          </div>
        </div>
        ${this.fieldError('dueAt')}
        <div class="field">
          <label for="notes">${msg('follow-up.notes')} <span class="muted">(${msg('common.optional')})</span></label>
          <textarea id="notes" .value=${this.notes} @input=${(e: Event) => (this.notes = (e.target as HTMLTextAreaElement).value)}></textarea>
          ${this.fieldError('notes')}
        </div>
        ${other.map((e) => html`<p class="error" role="alert">${errorMessage(e)}</p>`)}
        <div part="footer">
          <button type="submit" class="primary" aria-disabled=${this.busy ? 'true' : 'false'}>${msg('follow-up.submit')}</button>
          <button type="button" data-action="cancel" @click=${() => {
            this.reset();
            emit(this, 'follow-up-cancelled', { leadId: this.leadId });
          }}>${msg('common.cancel')}</button>
          <span part="status" role="status">${this.done ? msg('follow-up.scheduled') : nothing}</span>
        </div>
      </form>
    `;
  }
}
