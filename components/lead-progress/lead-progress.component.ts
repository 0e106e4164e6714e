import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import { combineLatest, map, of, type Observable } from 'rxjs';
import type { LeadDoc, RuleError } from '../../src/model/index.js';
import {
  currentProgressStep,
  cycleStepMark,
  hasPendingMarks,
  initialMarks,
  progressAvailability,
  progressUpdateFromMarks,
  validateProgressUpdate,
  type StepMark,
} from '../../src/rules/index.js';
import { emit } from '../shared/events.js';
import { errorMessage, msg, unavailableReason, type MsgKey } from '../shared/i18n.js';
import { LeadElement } from '../shared/lead-element.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { styles } from './lead-progress.styles.js';

type Phase = 'editing' | 'prompt' | 'follow-up';

const ICONS: Record<StepMark, string> = {
  empty: '',
  saved: '✓',
  'pending-check': '✓',
  'pending-recheck': '✓',
  'pending-clear': '−',
};

/** What an unsaved mark becomes when the saved state under it changed on another device. */
function rebase(mark: StepMark, savedNow: boolean): StepMark {
  if (savedNow) return mark === 'pending-check' ? 'pending-recheck' : mark === 'empty' ? 'saved' : mark;
  if (mark === 'pending-recheck') return 'pending-check';
  if (mark === 'pending-clear' || mark === 'saved') return 'empty';
  return mark;
}

/**
 * @summary The road-to-the-sale of one lead: tick steps, save, then schedule a follow-up.
 *
 * Saved ticks show green, unsaved ticks red (with a ✓ icon and a "not saved" text, never colour
 * alone); nothing is kept until Save. Ticking a step never back-fills earlier ones. A saved step
 * cycles saved → cleared on save → ticked again (a new pass) → saved; an unsaved one empty → ticked
 * → empty. After a save the lead's Progress is the step ticked last (by time), the save is
 * confirmed briefly, and the element asks whether to schedule a follow-up.
 *
 * Keyboard: arrow keys move between steps, Space toggles, Enter saves, Escape cancels.
 *
 * On a closed lead (or with no signed-in user) the steps stay focusable but `aria-disabled`, with
 * the reason shown and linked (`aria-describedby`); the rules' `progressAvailability` decides.
 *
 * @fires progress-save - Cancelable, before saving (detail: `{ leadId, update }`).
 * @fires progress-saved - After a save (detail: `{ leadId, update, commandId, progressStepId }`).
 * @fires follow-up-prompt - The answer to "Schedule a follow-up?" (detail: `{ leadId, answer }`).
 * @fires follow-up-scheduled - From the embedded follow-up form.
 * @fires command-failed - The store refused the save (detail: `{ leadId, command, error }`).
 *
 * @csspart base - The wrapper.
 * @csspart current - The "Progress: …" line.
 * @csspart steps - The list of steps.
 * @csspart step - One step's button (also `step-saved`, `step-pending-check`, `step-pending-clear`, `step-pending-recheck`, `step-empty`, `step-current`).
 * @csspart step-label - A step's label.
 * @csspart note - The progress note field.
 * @csspart footer - Save and Cancel.
 * @csspart status - The brief save confirmation.
 * @csspart prompt - The "Schedule a follow-up?" question.
 * @csspart message - Loading and error messages.
 * @csspart unavailable - Why the steps cannot change (a closed lead).
 * @csspart follow-up - The embedded `<follow-up-form>` after "Yes".
 *
 * @cssprop --lead-color-saved - Saved ticks (default green #1a7f37).
 * @cssprop --lead-color-pending - Unsaved ticks (default red #b42318).
 * @cssprop --lead-color-accent - Primary buttons.
 * @cssprop --lead-color-text - Text.
 * @cssprop --lead-color-muted - Secondary text.
 * @cssprop --lead-color-border - Borders.
 * @cssprop --lead-color-surface - Background.
 * @cssprop --lead-font-family - Font.
 * @cssprop --lead-radius - Corner radius.
 */
export class LeadProgressElement extends LeadElement {
  static override styles = styles;

  /** Unsaved marks, only for the steps the user clicked; the rest follow the lead live. */
  @state() private edits: Record<string, StepMark> = {};
  @state() private clickOrder: string[] = [];
  @state() private note = '';
  @state() private errors: RuleError[] = [];
  @state() private phase: Phase = 'editing';
  /** The brief confirmation in the status line ('' = none). */
  @state() private statusMessage: '' | 'progress.saved-message' | 'follow-up.scheduled' = '';
  @state() private focusIndex = -1;
  @state() private busy = false;

  private readonly onServerCtl = new ObservableController<Record<string, boolean>>(this);
  private onServerKey = '';
  private savedTimer: ReturnType<typeof setTimeout> | undefined;

  /** The marks the form shows: the lead's saved state with the user's unsaved clicks on top. */
  get marks(): Record<string, StepMark> {
    const lead = this.lead;
    const policy = this.policy;
    if (!lead || !policy) return {};
    return { ...initialMarks(lead, policy), ...this.edits };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.savedTimer);
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    super.storeChanged(handle);
    this.onServerKey = '';
    this.watchServer(this.lead ?? null);
  }

  protected override leadChanged(lead: LeadDoc | null): void {
    // Keep what the user clicked, re-based on the new saved state.
    if (lead) {
      const edits: Record<string, StepMark> = {};
      for (const [id, mark] of Object.entries(this.edits)) {
        const next = rebase(mark, lead.steps[id]?.checked === true);
        if (next !== (lead.steps[id]?.checked ? 'saved' : 'empty')) edits[id] = next;
      }
      this.edits = edits;
    }
    this.watchServer(lead);
  }

  /** Which saved passes are on the server (only when sync runs). */
  private watchServer(lead: LeadDoc | null): void {
    const sync = this.sync;
    const saved = lead ? Object.entries(lead.steps).filter(([, s]) => s.checked) : [];
    const key = sync ? saved.map(([id, s]) => `${id}=${s.passId}`).join('|') : '';
    if (key === this.onServerKey) return;
    this.onServerKey = key;
    if (!sync || saved.length === 0) {
      this.onServerCtl.observe(null);
      return;
    }
    const each: Observable<[string, boolean]>[] = saved.map(([id, s]) => sync.isOnServer$(s.passId).pipe(map((on): [string, boolean] => [id, on])));
    this.onServerCtl.observe(each.length ? combineLatest(each).pipe(map((pairs) => Object.fromEntries(pairs))) : of({}));
  }

  /** Why the steps cannot change now (the rules' progressAvailability), or null when they can. */
  get unavailable(): string | null {
    const lead = this.lead;
    const actor = this.actor;
    if (!lead || actor === undefined) return null;
    if (actor === null) return unavailableReason({ code: 'auth/no-actor', message: '' });
    const result = progressAvailability(lead, actor);
    return result.ok ? null : unavailableReason(result.error, 'progress');
  }

  private stepIds(): string[] {
    return this.policy?.progressSteps.map((s) => s.id) ?? [];
  }

  private toggle(stepId: string): void {
    if (this.unavailable) return;
    const marks = this.marks;
    const next = cycleStepMark(marks[stepId] ?? 'empty');
    const base = this.lead?.steps[stepId]?.checked ? 'saved' : 'empty';
    const edits = { ...this.edits };
    if (next === base) delete edits[stepId];
    else edits[stepId] = next;
    this.edits = edits;
    this.clickOrder = [...this.clickOrder, stepId];
    this.errors = this.errors.filter((e) => e.field !== 'steps');
    this.phase = 'editing';
  }

  /** Drops every unsaved change. */
  cancel(): void {
    this.edits = {};
    this.clickOrder = [];
    this.note = '';
    this.errors = [];
  }

  /** Saves the unsaved changes (what the Save button does). Resolves true when saved. */
  async save(): Promise<boolean> {
    const lead = this.lead;
    const policy = this.policy;
    const store = this.store;
    if (!lead || !policy || !store || this.busy || this.unavailable) return false;
    const update = progressUpdateFromMarks(this.marks, this.clickOrder, this.note);
    const errors = validateProgressUpdate(update, lead, policy);
    if (errors.length > 0) {
      this.errors = errors;
      return false;
    }
    if (!emit(this, 'progress-save', { leadId: lead.id, update }, { cancelable: true })) return false;
    this.busy = true;
    try {
      const result = await store.execute({ type: 'update-progress', leadId: lead.id, update });
      if (!result.ok) {
        this.errors = [result.error];
        emit(this, 'command-failed', { leadId: lead.id, command: 'update-progress', error: result.error });
        return false;
      }
      const after = { ...lead.steps };
      for (const id of update.clear) delete after[id];
      this.edits = {};
      this.clickOrder = [];
      this.note = '';
      this.errors = [];
      this.phase = 'prompt';
      this.showStatus('progress.saved-message');
      const progressStepId = result.outcome['progressStepId'] ?? currentProgressStep(this.lead?.steps ?? after);
      emit(this, 'progress-saved', { leadId: lead.id, update, commandId: result.commandId, progressStepId });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('[data-answer="yes"]')?.focus();
      return true;
    } finally {
      this.busy = false;
    }
  }

  private showStatus(message: 'progress.saved-message' | 'follow-up.scheduled'): void {
    this.statusMessage = message;
    clearTimeout(this.savedTimer);
    this.savedTimer = setTimeout(() => (this.statusMessage = ''), 5000);
  }

  private answer(answer: 'yes' | 'no'): void {
    const leadId = this.leadId;
    emit(this, 'follow-up-prompt', { leadId, answer });
    this.phase = answer === 'yes' ? 'follow-up' : 'editing';
    void this.updateComplete.then(() => {
      if (answer === 'yes') this.renderRoot.querySelector<HTMLElement>('follow-up-form')?.focus();
      else this.focusStep(Math.max(0, this.focusIndex));
    });
  }

  private focusStep(index: number): void {
    const ids = this.stepIds();
    if (ids.length === 0) return;
    this.focusIndex = (index + ids.length) % ids.length;
    void this.updateComplete.then(() => this.renderRoot.querySelectorAll<HTMLButtonElement>('.step')[this.focusIndex]?.focus());
  }

  private onStepsKeydown(event: KeyboardEvent): void {
    const index = Math.max(0, this.focusIndex);
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        this.focusStep(index + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        this.focusStep(index - 1);
        break;
      case 'Home':
        this.focusStep(0);
        break;
      case 'End':
        this.focusStep(this.stepIds().length - 1);
        break;
      case ' ': {
        const id = this.stepIds()[index];
        if (id) this.toggle(id);
        break;
      }
      case 'Enter':
        void this.save();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.phase === 'editing') {
      this.cancel();
      event.preventDefault();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('leadId')) {
      this.cancel();
      this.phase = 'editing';
    }
  }

  private stateText(mark: StepMark): MsgKey {
    return `progress.${mark}` as MsgKey;
  }

  protected override render() {
    const waiting = this.renderWaiting();
    if (waiting) return waiting;
    const lead = this.lead!;
    const policy = this.policy!;
    const marks = this.marks;
    const currentId = currentProgressStep(lead.steps);
    const current = policy.progressSteps.find((s) => s.id === currentId);
    const onServer = this.onServerCtl.value;
    const stepErrors = this.errors.filter((e) => e.field === 'steps' || !e.field);
    const noteErrors = this.errors.filter((e) => e.field === 'note');
    const pending = hasPendingMarks(marks);
    const focusIndex =
      this.focusIndex < 0
        ? Math.max(
            0,
            policy.progressSteps.findIndex((s) => s.id === currentId),
          )
        : this.focusIndex;
    const noteRequired = policy.mandatory.progressNote;
    const unavailable = this.unavailable;
    const describedBy = (...ids: (string | false)[]) => ids.filter(Boolean).join(' ') || nothing;
    return html`
      <div part="base" @keydown=${this.onKeydown}>
        <p part="current" id="current">${msg('progress.current', { step: current?.label ?? msg('progress.none') })}</p>
        <p class="visually-hidden" id="help">${msg('progress.keyboard-help')}</p>
        ${unavailable ? html`<p part="unavailable" id="unavailable" class="unavailable">${unavailable}</p>` : nothing}
        <ol part="steps" aria-label=${msg('progress.label')} aria-describedby=${describedBy(unavailable !== null && 'unavailable', 'help')} @keydown=${this.onStepsKeydown}>
          ${policy.progressSteps.map((step, i) => {
            const mark = marks[step.id] ?? 'empty';
            const isCurrent = step.id === currentId;
            const notUploaded = mark === 'saved' && onServer !== undefined && onServer[step.id] === false;
            return html`<li>
              <button
                type="button"
                class="step"
                role="checkbox"
                part="step step-${mark}${isCurrent ? ' step-current' : ''}"
                data-step=${step.id}
                data-mark=${mark}
                aria-checked=${mark === 'saved' || mark === 'pending-check' || mark === 'pending-recheck' ? 'true' : 'false'}
                aria-current=${isCurrent ? 'step' : nothing}
                aria-disabled=${unavailable ? 'true' : 'false'}
                aria-describedby=${unavailable ? 'unavailable' : nothing}
                tabindex=${i === focusIndex ? 0 : -1}
                @click=${() => {
                  this.focusIndex = i;
                  this.toggle(step.id);
                }}
                @focus=${() => (this.focusIndex = i)}
              >
                <span class="icon" aria-hidden="true">${ICONS[mark]}</span>
                <span part="step-label">${step.label}</span>
                ${mark === 'empty' || mark === 'saved' ? nothing : html`<span class="state">(${msg(this.stateText(mark))})</span>`}
                ${mark === 'saved' ? html`<span class="visually-hidden">(${msg('progress.saved')})</span>` : nothing}
                ${notUploaded ? html`<span class="cloud" data-not-on-server>(${msg('progress.not-on-server')})</span>` : nothing}
              </button>
            </li>`;
          })}
        </ol>
        ${stepErrors.map((e) => html`<p class="error" role="alert">${errorMessage(e)}</p>`)}
        ${pending ? html`<p class="muted">${msg('progress.unsaved-hint')}</p>` : nothing}
        <div class="field">
          <label for="note">${msg('progress.note')}
            <span class=${classMap({ req: noteRequired, muted: !noteRequired })}>(${msg(noteRequired ? 'common.required' : 'common.optional')})</span></label>
          <textarea
            id="note"
            part="note"
            .value=${this.note}
            ?required=${noteRequired}
            ?readonly=${unavailable !== null}
            aria-required=${noteRequired ? 'true' : 'false'}
            aria-invalid=${noteErrors.length > 0 ? 'true' : 'false'}
            aria-describedby=${describedBy(noteErrors.length > 0 && 'note-error', unavailable !== null && 'unavailable')}
            @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${noteErrors.length > 0 ? html`<p id="note-error" class="error">${noteErrors.map((e) => errorMessage(e)).join(' ')}</p>` : nothing}
        </div>
        <div part="footer">
          <button type="button" class="primary" data-action="save" aria-disabled=${this.busy || unavailable ? 'true' : 'false'}
            aria-describedby=${unavailable ? 'unavailable' : nothing} @click=${() => void this.save()}>
            ${msg('common.save')}
          </button>
          <button type="button" data-action="cancel" @click=${() => this.cancel()}>${msg('common.cancel')}</button>
          <span part="status" role="status">${this.statusMessage ? html`<span class="status">${msg(this.statusMessage)}</span>` : nothing}</span>
        </div>
        ${
          this.phase === 'prompt'
            ? html`<div part="prompt" role="group" aria-labelledby="prompt-q">
              <p id="prompt-q"><strong>${msg('progress.follow-up-prompt')}</strong></p>
              <p class="muted">${msg('progress.follow-up-prompt-help')}</p>
              <div part="footer">
                <button type="button" class="primary" data-answer="yes" @click=${() => this.answer('yes')}>${msg('common.yes')}</button>
                <button type="button" data-answer="no" @click=${() => this.answer('no')}>${msg('common.no')}</button>
              </div>
            </div>`
            : nothing
        }
        ${
          this.phase === 'follow-up'
            ? html`<follow-up-form
              part="follow-up"
              lead-id=${lead.id}
              dealership=${this.dealership}
              database=${this.database}
              server-url=${this.serverUrl}
              user=${this.user}
              @follow-up-scheduled=${() => {
                // The form goes away: say it worked here, and give focus back to the steps.
                this.phase = 'editing';
                this.showStatus('follow-up.scheduled');
                this.focusStep(Math.max(0, this.focusIndex));
              }}
              @follow-up-cancelled=${() => {
                this.phase = 'editing';
                this.focusStep(Math.max(0, this.focusIndex));
              }}
            ></follow-up-form>`
            : nothing
        }
      </div>
    `;
  }
}
