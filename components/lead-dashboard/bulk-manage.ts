/**
 * Bulk Manage on the dashboard: the bar of bulk actions over the selected rows, the Bulk Manage
 * dialog (its form is bulk-dialog.ts), running an action through the store with its progress,
 * resuming one interrupted by a reload, and the summary. The element owns the selection and lends
 * it, with the store, through {@link BulkContext}.
 */
import { html, nothing } from 'lit';
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { Actor, CompanyPolicy, UserDoc } from '../../src/model/index.js';
import type { LeadStore, PendingBulk } from '../../src/store/api.js';
import type { Selection } from '../../src/dashboard/selection.js';
import { bulkCommands, summarizeBulk } from '../../src/dashboard/bulk.js';
import type { BulkAction, BulkSummary } from '../../src/dashboard/bulk.js';
import { errorMessage } from '../shared/i18n.js';
import { bulkActionOf, newBulkForm, renderBulkForm } from './bulk-dialog.js';
import type { BulkForm } from './bulk-dialog.js';
import { fire } from './events.js';
import { numberText, t } from './messages.js';

/** What Bulk Manage needs from the element. */
export interface BulkContext {
  store(): LeadStore | undefined;
  actor(): Actor | null | undefined;
  policy(): CompanyPolicy | undefined;
  users(): UserDoc[] | undefined;
  readonly selection: Selection;
  /** Selects every matching row. */
  selectAll(): void;
  clearSelection(): void;
  /** Announces a change made to the selection. */
  selectionChanged(): void;
  /** The lead's customer name (its id when unknown). */
  customer(leadId: string): string;
}

/** A bulk action under way. */
export interface BulkRun {
  bulkId: string;
  done: number;
  total: number;
}

interface BulkState {
  form: BulkForm | null;
  run: BulkRun | null;
  summary: BulkSummary | null;
  interrupted: PendingBulk[];
}

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export class BulkManage {
  private readonly state: BulkState = { form: null, run: null, summary: null, interrupted: [] };

  constructor(
    private readonly host: Host,
    private readonly context: BulkContext,
  ) {}

  /** The bulk action under way, if any. */
  get run(): BulkRun | null {
    return this.state.run;
  }

  /** The summary of the last bulk action, until dismissed. */
  get summary(): BulkSummary | null {
    return this.state.summary;
  }

  /** The acting user's bulk actions interrupted by a reload. */
  get interrupted(): PendingBulk[] {
    return this.state.interrupted;
  }

  private set<K extends keyof BulkState>(key: K, value: BulkState[K]): void {
    if (this.state[key] === value) return;
    this.state[key] = value;
    this.host.requestUpdate();
  }

  /** After each update: the dialog's form is shown as a modal. */
  showDialog(): void {
    const dialog = this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.bulk');
    if (dialog && this.state.form && !dialog.open) dialog.showModal();
  }

  private openForm(kind: BulkForm['kind']): void {
    const policy = this.context.policy();
    if (!policy || this.context.selection.size === 0 || this.state.run) return;
    this.set('form', newBulkForm(kind, policy));
  }

  /** Dismisses the bulk summary; its Dismiss button goes with it, so focus goes on to the rows (the search when there are none). */
  private dismissSummary(): void {
    this.set('summary', null);
    void this.host.updateComplete.then(() =>
      (
        this.host.renderRoot.querySelector<HTMLElement>('.body [role="row"][tabindex="0"]') ?? this.host.renderRoot.querySelector<HTMLElement>('#search')
      )?.focus(),
    );
  }

  private cancel(): void {
    this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.bulk')?.close();
    this.set('form', null);
  }

  private async submit(): Promise<void> {
    const store = this.context.store();
    const policy = this.context.policy();
    const form = this.state.form;
    if (!store || !policy || !form) return;
    const outcome = bulkActionOf(form, policy, store.now());
    if ('errors' in outcome) {
      this.set('form', { ...form, errors: outcome.errors });
      return;
    }
    this.cancel();
    await this.start(outcome.action, this.context.selection.values());
  }

  /** Runs a bulk action on the given leads through `store.executeBulk`; resolves with the summary. */
  async start(action: BulkAction, leadIds: string[]): Promise<BulkSummary | null> {
    const store = this.context.store();
    if (!store || leadIds.length === 0) return null;
    const bulkId = `bulk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    if (!fire(this.host, 'bulk-start', { bulkId, action, leadIds }, true)) return null;
    this.set('summary', null);
    this.set('run', { bulkId, done: 0, total: leadIds.length });
    const results = await store.executeBulk(bulkCommands(leadIds, action), {
      bulkId,
      onProgress: (done, total) => this.set('run', { bulkId, done, total }),
    });
    return this.finish(bulkId, summarizeBulk(results), true);
  }

  private finish(bulkId: string, summary: BulkSummary, clear: boolean): BulkSummary {
    this.set('run', null);
    this.set('summary', summary);
    if (clear) {
      this.context.selection.clear();
      this.context.selectionChanged();
    }
    fire(this.host, 'bulk-finished', { bulkId, summary });
    return summary;
  }

  /** Reads the acting user's interrupted bulk actions from the store. */
  async loadInterrupted(): Promise<void> {
    const store = this.context.store();
    const actor = this.context.actor();
    if (!store || !actor || typeof store.pendingBulks !== 'function') {
      this.set('interrupted', []);
      return;
    }
    const pending = await store.pendingBulks();
    const run = this.state.run;
    this.set(
      'interrupted',
      pending.filter((p) => p.userId === actor.userId && (!run || p.bulkId !== run.bulkId)),
    );
  }

  /** Finishes a bulk action interrupted by a reload. */
  async resume(bulkId: string): Promise<BulkSummary | null> {
    const store = this.context.store();
    const pending = this.state.interrupted.find((p) => p.bulkId === bulkId);
    if (!store || !pending) return null;
    this.set(
      'interrupted',
      this.state.interrupted.filter((p) => p.bulkId !== bulkId),
    );
    this.set('run', { bulkId, done: pending.done, total: pending.total });
    const results = await store.resumeBulk(bulkId, { onProgress: (done, total) => this.set('run', { bulkId, done, total }) });
    return this.finish(bulkId, summarizeBulk(results), false);
  }

  /** The bar of bulk actions over the selection (`total`: the matching rows). */
  renderBar(total: number): TemplateResult {
    const selected = this.context.selection.size;
    const busy = selected === 0 || !!this.state.run ? 'true' : 'false';
    // The bulk buttons use aria-disabled, not disabled: a button in use that becomes unavailable
    // (Clear, or the one that opened the dialog once a bulk action cleared the selection) keeps the focus.
    return html`<div class="bulk-bar" role="group" aria-label=${t('bulk.label')}>
            <span class="selected" id="bulk-selected">${t('bulk.selected', { count: numberText(selected) })}</span>
            <button type="button" data-bulk="select-all" @click=${() => this.context.selectAll()} aria-disabled=${total ? 'false' : 'true'}>${t('bulk.select-all', { count: numberText(total) })}</button>
            <button type="button" data-bulk="clear" @click=${() => this.context.clearSelection()} aria-disabled=${selected === 0 ? 'true' : 'false'} aria-describedby="bulk-selected">${t('bulk.clear')}</button>
            <button type="button" data-bulk="close-lost" @click=${() => this.openForm('close-lost')} aria-disabled=${busy} aria-describedby="bulk-selected">${t('bulk.close-lost')}</button>
            <button type="button" data-bulk="update-progress" @click=${() => this.openForm('update-progress')} aria-disabled=${busy} aria-describedby="bulk-selected">${t('bulk.update-progress')}</button>
            <button type="button" data-bulk="allocate" @click=${() => this.openForm('allocate')} aria-disabled=${busy} aria-describedby="bulk-selected">${t('bulk.allocate')}</button>
          </div>`;
  }

  /** Interrupted actions to resume, the progress bar while one runs, and the summary after. */
  renderStatus(): TemplateResult | typeof nothing {
    const run = this.state.run;
    const summary = this.state.summary;
    const names = (ids: string[]) => ids.map((id) => this.context.customer(id)).join(', ');
    return html`
      ${this.state.interrupted.map(
        (p) => html`<p class="interrupted" role="status">${t('bulk.interrupted', { done: p.done, total: p.total })}
          <button type="button" @click=${() => void this.resume(p.bulkId)}>${t('bulk.resume')}</button></p>`,
      )}
      ${
        run
          ? html`<div class="bulk-run">
            <label for="bulk-progress">${t('bulk.running', { done: numberText(run.done), total: numberText(run.total) })}</label>
            <progress id="bulk-progress" part="bulk-progress" max=${run.total} .value=${run.done}></progress>
          </div>`
          : nothing
      }
      ${
        summary
          ? html`<section part="bulk-summary" class="bulk-summary" role="status">
            <p>${t('bulk.summary', { succeeded: summary.succeeded, total: summary.total })}
              ${summary.requested ? t('bulk.summary-requested', { count: summary.requested }) : ''}</p>
            ${
              summary.refused.length
                ? html`<ul>${summary.refused.map(
                    (r) => html`<li data-code=${r.code}>${t('bulk.summary-refused', { count: r.leadIds.length, reason: errorMessage(r.error) })}
                    <span class="muted">${names(r.leadIds.slice(0, 10))}${r.leadIds.length > 10 ? '…' : ''}</span></li>`,
                  )}</ul>`
                : nothing
            }
            <button type="button" @click=${() => this.dismissSummary()}>${t('bulk.dismiss')}</button>
          </section>`
          : nothing
      }
    `;
  }

  /** The Bulk Manage dialog, while its form is open. */
  renderDialog(): TemplateResult | typeof nothing {
    const form = this.state.form;
    const policy = this.context.policy();
    return form && policy
      ? html`<dialog class="bulk" part="bulk-dialog" aria-labelledby="bulk-title" @close=${() => this.set('form', null)} @cancel=${() => this.set('form', null)}>
            ${renderBulkForm({
              form,
              policy,
              users: this.context.users() ?? [],
              count: this.context.selection.size,
              change: (next) => this.set('form', next),
              submit: () => void this.submit(),
              cancel: () => this.cancel(),
            })}
          </dialog>`
      : nothing;
  }
}
