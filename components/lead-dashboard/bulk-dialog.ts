/**
 * The Bulk Manage form: close lost (the same choices as the Close Lost dialog, validated by the
 * same rule), update progress, or allocate to a salesperson. Pure rendering over a state object;
 * the element owns the state and runs the commands.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { CloseLostChoices, CompanyPolicy, RuleError, UserDoc } from '../../src/model/index.js';
import { defaultCloseLostChoices, isOverdueOptionLocked, setEventOption, validateCloseLost } from '../../src/rules/index.js';
import type { EventOptionsMemo } from '../../src/rules/index.js';
import type { BulkAction } from '../../src/dashboard/bulk.js';
import { parseLocal } from '../shared/dates.js';
import { errorMessage, msg } from '../shared/i18n.js';
import { t } from './messages.js';

export type BulkForm =
  | { kind: 'close-lost'; choices: CloseLostChoices & EventOptionsMemo; followUpDate: string; errors: RuleError[] }
  | { kind: 'update-progress'; stepId: string; note: string; errors: RuleError[] }
  | { kind: 'allocate'; salespersonId: string; errors: RuleError[] };

export function newBulkForm(kind: BulkForm['kind'], policy: CompanyPolicy): BulkForm {
  if (kind === 'close-lost') return { kind, choices: defaultCloseLostChoices(policy), followUpDate: '', errors: [] };
  if (kind === 'update-progress') return { kind, stepId: '', note: '', errors: [] };
  return { kind, salespersonId: '', errors: [] };
}

const required = (field: string): RuleError => ({ code: 'input/invalid', message: t('bulk.required'), field });

/** The action the form describes, or the errors that keep it from running. */
export function bulkActionOf(form: BulkForm, policy: CompanyPolicy, now: number): { action: BulkAction } | { errors: RuleError[] } {
  switch (form.kind) {
    case 'close-lost': {
      const followUpAt = form.followUpDate ? parseLocal(form.followUpDate, '09:00') : null;
      const { overdueBeforeAll: _memo, ...rest } = form.choices;
      const choices: CloseLostChoices = { ...rest, followUpAt };
      const errors = validateCloseLost(choices, policy, now);
      return errors.length ? { errors } : { action: { kind: 'close-lost', choices } };
    }
    case 'update-progress': {
      const errors: RuleError[] = [];
      if (!form.stepId) errors.push(required('stepId'));
      if (policy.mandatory.progressNote && !form.note.trim()) errors.push({ code: 'progress/note-required', message: 'note', field: 'note' });
      return errors.length ? { errors } : { action: { kind: 'update-progress', stepId: form.stepId, note: form.note.trim() } };
    }
    case 'allocate':
      return form.salespersonId ? { action: { kind: 'allocate', salespersonId: form.salespersonId } } : { errors: [required('salespersonId')] };
  }
}

export interface BulkFormView {
  form: BulkForm;
  policy: CompanyPolicy;
  users: readonly UserDoc[];
  count: number;
  change(form: BulkForm): void;
  submit(): void;
  cancel(): void;
}

function fieldError(form: BulkForm, field: string): TemplateResult | typeof nothing {
  const errors = form.errors.filter((e) => e.field === field);
  if (!errors.length) return nothing;
  return html`<p class="error" id=${`err-${field}`}>${errors.map((e) => (e.code === 'input/invalid' ? e.message : errorMessage(e))).join(' ')}</p>`;
}

const invalid = (form: BulkForm, field: string) => (form.errors.some((e) => e.field === field) ? 'true' : 'false');
const describedBy = (form: BulkForm, field: string) => (form.errors.some((e) => e.field === field) ? `err-${field}` : nothing);

function closeLostFields(view: BulkFormView, form: Extract<BulkForm, { kind: 'close-lost' }>): TemplateResult {
  const { policy } = view;
  const patch = (choices: Partial<CloseLostChoices & EventOptionsMemo>) => view.change({ ...form, choices: { ...form.choices, ...choices } });
  const locked = isOverdueOptionLocked(form.choices);
  return html`
    <div class="field">
      <label for="bulk-reason">${msg('close-lost.reason')}</label>
      <select id="bulk-reason" aria-invalid=${invalid(form, 'reasonId')} aria-describedby=${describedBy(form, 'reasonId')}
        @change=${(e: Event) => patch({ reasonId: (e.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${form.choices.reasonId === ''}>${msg('close-lost.reason-placeholder')}</option>
        ${policy.lostReasons.filter((r) => !r.retired).map((r) => html`<option value=${r.id} ?selected=${form.choices.reasonId === r.id}>${r.label}</option>`)}
      </select>
      ${fieldError(form, 'reasonId')}
    </div>
    <label class="check">
      <input type="checkbox" .checked=${form.choices.completeOverdueEvents} aria-disabled=${locked ? 'true' : 'false'}
        @click=${(e: Event) => {
          if (locked) e.preventDefault();
        }}
        @change=${(e: Event) => view.change({ ...form, choices: setEventOption(form.choices, 'overdue', (e.target as HTMLInputElement).checked) })} />
      ${msg('close.overdue-events')}
    </label>
    ${locked ? html`<p class="muted hint">${msg('close.overdue-locked')}</p>` : nothing}
    <label class="check">
      <input type="checkbox" .checked=${form.choices.completeAllEvents}
        @change=${(e: Event) => view.change({ ...form, choices: setEventOption(form.choices, 'all', (e.target as HTMLInputElement).checked) })} />
      ${msg('close.all-events')}
    </label>
    <div class="field">
      <label for="bulk-notes">${msg('close.notes')}</label>
      <textarea id="bulk-notes" aria-invalid=${invalid(form, 'notes')} aria-describedby=${describedBy(form, 'notes')}
        .value=${form.choices.notes} @input=${(e: Event) => patch({ notes: (e.target as HTMLTextAreaElement).value })}></textarea>
      ${fieldError(form, 'notes')}
    </div>
    <fieldset>
      <legend>${msg('close.contact-groups')}</legend>
      ${policy.contactGroups.map(
        (g) => html`<label class="check"><input type="checkbox" .checked=${form.choices.contactGroups.includes(g.id)}
          @change=${(e: Event) => {
            const on = (e.target as HTMLInputElement).checked;
            const groups = form.choices.contactGroups.filter((id) => id !== g.id);
            patch({ contactGroups: on ? [...groups, g.id] : groups });
          }} />${g.label}</label>`,
      )}
    </fieldset>
    <div class="field">
      <label for="bulk-follow-up">${msg('close.follow-up')}</label>
      <input id="bulk-follow-up" type="date" .value=${form.followUpDate} aria-invalid=${invalid(form, 'followUpAt')} aria-describedby=${describedBy(form, 'followUpAt')}
        @change=${(e: Event) => view.change({ ...form, followUpDate: (e.target as HTMLInputElement).value })} />
      <span class="muted hint">${msg('close.follow-up-help')}</span>
      ${fieldError(form, 'followUpAt')}
    </div>`;
}

function progressFields(view: BulkFormView, form: Extract<BulkForm, { kind: 'update-progress' }>): TemplateResult {
  return html`
    <div class="field">
      <label for="bulk-step">${t('bulk.step')}</label>
      <select id="bulk-step" aria-invalid=${invalid(form, 'stepId')} aria-describedby=${describedBy(form, 'stepId')}
        @change=${(e: Event) => view.change({ ...form, stepId: (e.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${form.stepId === ''}>${t('bulk.choose')}</option>
        ${view.policy.progressSteps.map((s) => html`<option value=${s.id} ?selected=${form.stepId === s.id}>${s.label}</option>`)}
      </select>
      ${fieldError(form, 'stepId')}
    </div>
    <div class="field">
      <label for="bulk-note">${t('bulk.note')}</label>
      <textarea id="bulk-note" aria-invalid=${invalid(form, 'note')} aria-describedby=${describedBy(form, 'note')}
        .value=${form.note} @input=${(e: Event) => view.change({ ...form, note: (e.target as HTMLTextAreaElement).value })}></textarea>
      ${fieldError(form, 'note')}
    </div>`;
}

function allocateFields(view: BulkFormView, form: Extract<BulkForm, { kind: 'allocate' }>): TemplateResult {
  const people = view.users.filter((u) => u.active && u.roles.includes('salesperson'));
  return html`
    <div class="field">
      <label for="bulk-salesperson">${t('bulk.salesperson')}</label>
      <select id="bulk-salesperson" aria-invalid=${invalid(form, 'salespersonId')} aria-describedby=${describedBy(form, 'salespersonId')}
        @change=${(e: Event) => view.change({ ...form, salespersonId: (e.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${form.salespersonId === ''}>${t('bulk.choose')}</option>
        ${people.map((u) => html`<option value=${u.userId} ?selected=${form.salespersonId === u.userId}>${u.name}</option>`)}
      </select>
      ${fieldError(form, 'salespersonId')}
    </div>`;
}

export function renderBulkForm(view: BulkFormView): TemplateResult {
  const { form, count } = view;
  const title = t(`bulk.title.${form.kind}`, { count });
  return html`<form method="dialog" @submit=${(e: Event) => {
    e.preventDefault();
    view.submit();
  }}>
    <h2 id="bulk-title">${title}</h2>
    ${form.kind === 'close-lost' ? closeLostFields(view, form) : form.kind === 'update-progress' ? progressFields(view, form) : allocateFields(view, form)}
    <div class="footer" part="bulk-footer">
      <button type="button" @click=${() => view.cancel()}>${t('bulk.cancel')}</button>
      <button type="submit" class="primary">${t('bulk.apply', { count })}</button>
    </div>
  </form>`;
}
