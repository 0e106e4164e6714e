import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { filter, firstValueFrom } from 'rxjs';
import type { Actor, CapabilityRole, CompanyPolicy, RuleError } from '../../src/model/index.js';
import { CAPABILITY_ROLES, isAdmin, validatePolicy } from '../../src/rules/index.js';
import { errorMessage, msg } from '../shared/i18n.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { StoreElement } from '../shared/store-element.js';
import { CLOSE_LOST_FIELD_ORDER, draftOf, move, newId, sameDraft, toggle, type PolicyDraft } from './draft.js';
import { pushPolicyToServer } from '../../src/sync/push-policy.js';
import type { SyncHandle } from '../../src/sync/sync.js';
import { fire, type PolicyPushOutcome } from './events.js';
import { t } from './messages.js';
import { styles } from './company-settings.styles.js';

type Section =
  'companyName' | 'lostReasons' | 'defaultLostContactGroups' | 'defaultWonContactGroups' | 'mandatory' | 'definedRoles' | 'progressSteps' | 'soldStepId';

/**
 * @summary The company's rules, for admins: lost reasons, default contact groups, mandatory fields, roles in use and the road-to-the-sale.
 *
 * Edits a copy of the company policy and saves it with the store's `update-policy` command, so the
 * rules check it (reasons are never deleted, only retired or hidden from reports; defaults must be
 * existing groups; the sold step must be a step). Saved settings change every open forecourt
 * element live, since they all read the policy from the store. Non-admins see the settings read
 * only, with the reason. A change made meanwhile on another device is announced, never silently
 * overwritten while you edit.
 *
 * The server enforces the policy held in its design document. When the store syncs, a save also
 * pushes the policy into that document (`pushPolicyToServer`): CouchDB lets only a server or
 * database admin write it, so anyone else is told that an administrator must apply it; offline,
 * that it must be applied once back online (nothing retries by itself). The outcome shows in the
 * status line and comes with `policy-pushed`.
 *
 * @fires policy-save - Cancelable, before saving (detail: `{ policy }`, the edited fields).
 * @fires policy-saved - Saved locally (detail: `{ policy, commandId }`).
 * @fires policy-pushed - After a save with sync, the server's answer (detail: `{ policy, outcome }`; `outcome` is `{ ok: true, value: { changed, rev } }`, `{ ok: false, error }` ('auth/not-admin', 'auth/other-dealership', 'policy/invalid', 'doc/invalid'), or `{ ok: false, offline: true, error }` when the server could not be reached).
 * @fires command-failed - The store refused (detail: `{ leadId: '', command: 'update-policy', error }`).
 *
 * @csspart base - The form.
 * @csspart read-only - Why the settings are read only.
 * @csspart changed-elsewhere - The settings changed meanwhile.
 * @csspart section - Each group of settings (a fieldset).
 * @csspart reason - One lost reason's row.
 * @csspart step - One progress step's row.
 * @csspart footer - Save and Discard.
 * @csspart status - "Settings saved" and what the server did with them (a live region).
 * @csspart message - Loading and sign-in messages.
 *
 * @cssprop --lead-color-accent - The Save button.
 * @cssprop --lead-color-danger - Errors.
 * @cssprop --lead-color-border - Section borders.
 * @cssprop --lead-color-surface-alt - Row backgrounds.
 */
export class CompanySettingsElement extends StoreElement {
  static override styles = styles;

  @state() private draft: PolicyDraft | null = null;
  @state() private errors: RuleError[] = [];
  @state() private saved = false;
  @state() private busy = false;
  @state() private pushStatus = '';
  @state() private changedElsewhere = false;
  @state() private newReason = '';
  @state() private newStep = '';

  private base: CompanyPolicy | null = null;
  private readonly actorCtl = new ObservableController<Actor | null>(this);
  private readonly policyCtl = new ObservableController<CompanyPolicy>(this, (policy) => this.policyArrived(policy));

  /** The settings as edited (null while loading). */
  get value(): PolicyDraft | null {
    return this.draft;
  }

  get dirty(): boolean {
    return !!this.draft && !!this.base && !sameDraft(this.draft, draftOf(this.base));
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.base = null;
    this.draft = null;
    this.actorCtl.observe(handle?.store.actor$ ?? null);
    this.policyCtl.observe(handle?.store.policy$ ?? null);
  }

  private policyArrived(policy: CompanyPolicy): void {
    const same = this.base && JSON.stringify(this.base) === JSON.stringify(policy);
    if (same) return;
    if (this.dirty && !this.busy) {
      this.changedElsewhere = true;
      return;
    }
    if (!this.busy) {
      this.base = policy;
      this.draft = draftOf(policy);
      this.changedElsewhere = false;
    }
  }

  private get editable(): boolean {
    const actor = this.actorCtl.value;
    return !!actor && isAdmin(actor);
  }

  /** Applies an edit to the current draft (handlers never use a draft captured at render time). */
  private edit(changes: Partial<PolicyDraft> | ((draft: PolicyDraft) => Partial<PolicyDraft>)): void {
    if (!this.draft || !this.editable) return;
    if (typeof changes === 'function') changes = changes(this.draft);
    this.draft = { ...this.draft, ...changes };
    this.saved = false;
    this.pushStatus = '';
    const fields = Object.keys(changes);
    this.errors = this.errors.filter((e) => !fields.includes(e.field ?? '') && !(fields.includes('progressSteps') && e.field === 'soldStepId'));
  }

  /** Drops the edits and shows the stored settings. */
  discard(): void {
    const policy = this.policyCtl.value;
    if (!policy) return;
    this.base = policy;
    this.draft = draftOf(policy);
    this.errors = [];
    this.changedElsewhere = false;
    this.saved = false;
  }

  /** Validates with the rules and saves; problems show inline and nothing is written. */
  async save(): Promise<boolean> {
    const store = this.store;
    const draft = this.draft;
    const base = this.policyCtl.value;
    if (!store || !draft || !base || this.busy || !this.editable) return false;
    const errors = validatePolicy({ ...base, ...draft }, base);
    if (errors.length) return this.showErrors(errors);
    if (!fire(this, 'policy-save', { policy: draft }, true)) return false;
    this.busy = true;
    try {
      const result = await store.execute({ type: 'update-policy', policy: draft });
      if (!result.ok) {
        this.dispatchEvent(
          new CustomEvent('command-failed', { detail: { leadId: '', command: 'update-policy', error: result.error }, bubbles: true, composed: true }),
        );
        return this.showErrors([result.error]);
      }
      const mine = store.currentActor()?.userId;
      const policy = await firstValueFrom(store.policy$.pipe(filter((p) => p.updatedBy === mine && sameDraft(draftOf(p), draft))));
      this.base = policy;
      this.draft = draftOf(policy);
      this.errors = [];
      this.changedElsewhere = false;
      this.saved = true;
      fire(this, 'policy-saved', { policy, commandId: result.commandId });
      if (this.sync) void this.push(this.sync as unknown as SyncHandle, policy);
      return true;
    } finally {
      this.busy = false;
    }
  }

  /** Makes the server enforce the saved policy; the local save stands whatever the server says. */
  private async push(sync: SyncHandle, policy: CompanyPolicy): Promise<void> {
    this.pushStatus = t('settings.pushing');
    let outcome: PolicyPushOutcome;
    try {
      outcome = await pushPolicyToServer(sync, policy);
    } catch (err) {
      outcome = { ok: false, offline: true, error: err instanceof Error ? err.message : String(err) };
    }
    const text = outcome.ok
      ? t('settings.pushed')
      : 'offline' in outcome
        ? t('settings.push-offline')
        : outcome.error.code === 'auth/not-admin'
          ? t('settings.push-not-admin')
          : t('settings.push-failed', { error: outcome.error.message || errorMessage(outcome.error) });
    // An edit since the save cleared the line: the outcome no longer describes what is on screen.
    if (this.saved) this.pushStatus = text;
    fire(this, 'policy-pushed', { policy, outcome });
  }

  private async showErrors(errors: RuleError[]): Promise<false> {
    this.errors = errors;
    this.saved = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.summary')?.focus();
    return false;
  }

  private sectionErrors(...fields: Section[]): TemplateResult | typeof nothing {
    const list = this.errors.filter((e) => fields.includes((e.field ?? '') as Section));
    const id = `${fields[0]}-error`;
    return list.length ? html`<p class="error" id=${id}>${list.map((e) => e.message || errorMessage(e)).join(' ')}</p>` : nothing;
  }

  private describedBy(...fields: Section[]): string | typeof nothing {
    return this.errors.some((e) => fields.includes((e.field ?? '') as Section)) ? `${fields[0]}-error` : nothing;
  }

  private async moveRow(kind: 'lostReasons' | 'progressSteps', index: number, by: -1 | 1): Promise<void> {
    if (!this.draft) return;
    this.edit((d) => ({ [kind]: move(d[kind], index, by) }) as Partial<PolicyDraft>);
    await this.updateComplete;
    // Keep focus on the same button of the moved row (or the other one at an end).
    const rows = this.renderRoot.querySelectorAll<HTMLElement>(`[data-list="${kind}"] > li`);
    const row = rows[Math.max(0, Math.min(rows.length - 1, index + by))];
    const button = row?.querySelector<HTMLButtonElement>(by < 0 ? '[data-action="up"]' : '[data-action="down"]');
    (button && button.getAttribute('aria-disabled') !== 'true' ? button : row?.querySelector<HTMLElement>('button:not([aria-disabled="true"])'))?.focus();
  }

  private addReason(): void {
    const label = this.newReason.trim();
    if (!this.draft || !label) return;
    this.edit((c) => ({
      lostReasons: [
        ...c.lostReasons,
        {
          id: newId(
            label,
            c.lostReasons.map((r) => r.id),
          ),
          label,
          hiddenFromReports: false,
          retired: false,
        },
      ],
    }));
    this.newReason = '';
  }

  private addStep(): void {
    const label = this.newStep.trim();
    if (!this.draft || !label) return;
    this.edit((c) => ({
      progressSteps: [
        ...c.progressSteps,
        {
          id: newId(
            label,
            c.progressSteps.map((s) => s.id),
          ),
          label,
        },
      ],
    }));
    this.newStep = '';
  }

  protected override render() {
    const source = this.storeConsumer.source;
    if (source === 'unconfigured') return html`<p part="message" class="muted">${msg('store.unconfigured')}</p>`;
    if (source === 'failed') {
      const error = this.storeConsumer.error as Error | undefined;
      return html`<p part="message" class="error" role="alert">${msg('store.failed', { error: String(error?.message ?? error) })}</p>`;
    }
    const actor = this.actorCtl.value;
    if (!this.store || !this.draft || actor === undefined) return html`<p part="message" class="muted">${t('settings.loading')}</p>`;
    if (!actor) return html`<p part="message" class="muted">${t('settings.no-actor')}</p>`;
    const d = this.draft;
    const editable = this.editable;
    const groups = this.policyCtl.value?.contactGroups ?? [];
    return html`<form
      part="base"
      aria-labelledby="heading"
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.save();
      }}
    >
      <h2 id="heading">${t('settings.label')}</h2>
      ${editable ? nothing : html`<p part="read-only" class="explainer" id="read-only">${t('settings.read-only')}</p>`}
      ${this.changedElsewhere ? html`<p part="changed-elsewhere" class="explainer" role="alert">${t('settings.changed-elsewhere')}</p>` : nothing}
      ${this.errors.length ? html`<p class="error summary" role="alert" tabindex="-1">${t('settings.errors-summary')}</p>` : nothing}
      <fieldset
        class="all"
        role=${editable ? 'none' : nothing}
        aria-labelledby=${editable ? nothing : 'heading'}
        aria-describedby=${editable ? nothing : 'read-only'}
        ?disabled=${!editable}
      >
        <div class="field">
          <label for="company-name">${t('settings.company-name')}</label>
          <input
            id="company-name"
            .value=${d.companyName}
            aria-invalid=${this.describedBy('companyName') === nothing ? 'false' : 'true'}
            aria-describedby=${this.describedBy('companyName')}
            @input=${(e: Event) => this.edit({ companyName: (e.target as HTMLInputElement).value })}
          />
          ${this.sectionErrors('companyName')}
        </div>
        ${this.renderReasons(d)}
        <fieldset part="section" aria-describedby=${this.describedBy('defaultLostContactGroups')}>
          <legend>${t('settings.groups-lost')}</legend>
          ${groups.map(
            (g) => html`<label class="check"
              ><input
                type="checkbox"
                name="lost-group"
                value=${g.id}
                .checked=${d.defaultLostContactGroups.includes(g.id)}
                @change=${(e: Event) => this.edit((c) => ({ defaultLostContactGroups: toggle(c.defaultLostContactGroups, g.id, (e.target as HTMLInputElement).checked) }))}
              />${g.label}</label
            >`,
          )}
          ${this.sectionErrors('defaultLostContactGroups')}
        </fieldset>
        <fieldset part="section" aria-describedby=${this.describedBy('defaultWonContactGroups')}>
          <legend>${t('settings.groups-won')}</legend>
          ${groups.map(
            (g) => html`<label class="check"
              ><input
                type="checkbox"
                name="won-group"
                value=${g.id}
                .checked=${d.defaultWonContactGroups.includes(g.id)}
                @change=${(e: Event) => this.edit((c) => ({ defaultWonContactGroups: toggle(c.defaultWonContactGroups, g.id, (e.target as HTMLInputElement).checked) }))}
              />${g.label}</label
            >`,
          )}
          ${this.sectionErrors('defaultWonContactGroups')}
        </fieldset>
        <fieldset part="section">
          <legend>${t('settings.mandatory')}</legend>
          <fieldset class="inner">
            <legend>${t('settings.mandatory-lost')}</legend>
            ${CLOSE_LOST_FIELD_ORDER.map(
              (f) => html`<label class="check"
                ><input
                  type="checkbox"
                  name="mandatory-lost"
                  value=${f}
                  .checked=${d.mandatory.closeLost.includes(f)}
                  @change=${(e: Event) =>
                    this.edit((c) => ({
                      mandatory: {
                        ...c.mandatory,
                        closeLost: CLOSE_LOST_FIELD_ORDER.filter((x) => (x === f ? (e.target as HTMLInputElement).checked : c.mandatory.closeLost.includes(x))),
                      },
                    }))}
                />${t(`settings.field.${f}`)}</label
              >`,
            )}
          </fieldset>
          <label class="check"
            ><input
              type="checkbox"
              id="progress-note"
              .checked=${d.mandatory.progressNote}
              @change=${(e: Event) => this.edit((c) => ({ mandatory: { ...c.mandatory, progressNote: (e.target as HTMLInputElement).checked } }))}
            />${t('settings.mandatory-progress')}</label
          >
          ${this.sectionErrors('mandatory')}
        </fieldset>
        <fieldset part="section">
          <legend>${t('settings.roles')}</legend>
          <p class="muted help">${t('settings.roles-help')}</p>
          ${CAPABILITY_ROLES.map((role) => this.renderRole(d, role))} ${this.sectionErrors('definedRoles')}
        </fieldset>
        ${this.renderSteps(d)}
      </fieldset>
      <div part="footer" class="footer">
        <span part="status" role="status" class="status">${this.saved ? t('settings.saved') : nothing}${this.pushStatus ? ` ${this.pushStatus}` : nothing}</span>
        ${
          editable
            ? html`<button type="button" data-action="discard" @click=${() => this.discard()}>${t('settings.discard')}</button>
              <button type="submit" class="primary" data-action="save" aria-disabled=${this.busy ? 'true' : 'false'}>${t('settings.save')}</button>`
            : nothing
        }
      </div>
    </form>`;
  }

  private renderRole(d: PolicyDraft, role: CapabilityRole): TemplateResult {
    return html`<div class="role">
      <label class="check"
        ><input
          type="checkbox"
          name="role"
          value=${role}
          aria-describedby="role-help-${role}"
          .checked=${d.definedRoles.includes(role)}
          @change=${(e: Event) =>
            this.edit((c) => ({
              definedRoles: CAPABILITY_ROLES.filter((r) => (r === role ? (e.target as HTMLInputElement).checked : c.definedRoles.includes(r))),
            }))}
        />${t(`settings.role.${role}`)}</label
      >
      <p class="muted help" id="role-help-${role}">${t(`settings.role.${role}.help`)}</p>
    </div>`;
  }

  private moveButtons(kind: 'lostReasons' | 'progressSteps', index: number, count: number, name: string): TemplateResult {
    return html`<button
        type="button"
        data-action="up"
        aria-disabled=${index === 0 ? 'true' : 'false'}
        @click=${() => index > 0 && void this.moveRow(kind, index, -1)}
      >
        <span aria-hidden="true">↑</span><span class="visually-hidden">${t('settings.move-up-label', { name })}</span>
      </button>
      <button
        type="button"
        data-action="down"
        aria-disabled=${index === count - 1 ? 'true' : 'false'}
        @click=${() => index < count - 1 && void this.moveRow(kind, index, 1)}
      >
        <span aria-hidden="true">↓</span><span class="visually-hidden">${t('settings.move-down-label', { name })}</span>
      </button>`;
  }

  private renderReasons(d: PolicyDraft): TemplateResult {
    const update = (id: string, changes: Partial<PolicyDraft['lostReasons'][number]>): void =>
      this.edit((c) => ({ lostReasons: c.lostReasons.map((r) => (r.id === id ? { ...r, ...changes } : r)) }));
    return html`<fieldset part="section" aria-describedby=${this.describedBy('lostReasons')}>
      <legend>${t('settings.reasons')}</legend>
      <p class="muted help">${t('settings.reasons-help')}</p>
      <ol class="rows" data-list="lostReasons">
        ${d.lostReasons.map(
          (r, i) => html`<li part="reason" class="row" data-id=${r.id}>
            <input
              class="name"
              aria-label=${t('settings.reason-name', { n: i + 1 })}
              .value=${r.label}
              @input=${(e: Event) => update(r.id, { label: (e.target as HTMLInputElement).value })}
            />
            <label class="check"
              ><input type="checkbox" data-flag="hidden" .checked=${r.hiddenFromReports} @change=${(e: Event) => update(r.id, { hiddenFromReports: (e.target as HTMLInputElement).checked })} />${t(
                'settings.hidden',
              )}</label
            >
            <label class="check"
              ><input type="checkbox" data-flag="retired" .checked=${r.retired} @change=${(e: Event) => update(r.id, { retired: (e.target as HTMLInputElement).checked })} />${t(
                'settings.retired',
              )}</label
            >
            ${this.moveButtons('lostReasons', i, d.lostReasons.length, r.label)}
          </li>`,
        )}
      </ol>
      <div class="add">
        <label for="new-reason">${t('settings.new-reason')}</label>
        <input
          id="new-reason"
          .value=${this.newReason}
          @input=${(e: Event) => (this.newReason = (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              this.addReason();
            }
          }}
        />
        <button type="button" data-action="add-reason" @click=${() => this.addReason()}>${t('settings.add-reason')}</button>
      </div>
      ${this.sectionErrors('lostReasons')}
    </fieldset>`;
  }

  private renderSteps(d: PolicyDraft): TemplateResult {
    return html`<fieldset part="section" aria-describedby=${this.describedBy('progressSteps', 'soldStepId')}>
      <legend>${t('settings.steps')}</legend>
      <p class="muted help">${t('settings.steps-help')}</p>
      <ol class="rows" data-list="progressSteps">
        ${d.progressSteps.map(
          (s, i) => html`<li part="step" class="row" data-id=${s.id}>
            <input
              class="name"
              aria-label=${t('settings.step-name', { n: i + 1 })}
              .value=${s.label}
              @input=${(e: Event) =>
                this.edit((c) => ({ progressSteps: c.progressSteps.map((x) => (x.id === s.id ? { ...x, label: (e.target as HTMLInputElement).value } : x)) }))}
            />
            ${this.moveButtons('progressSteps', i, d.progressSteps.length, s.label)}
            <button
              type="button"
              data-action="remove"
              aria-label=${t('settings.remove-label', { name: s.label })}
              @click=${() => this.edit((c) => ({ progressSteps: c.progressSteps.filter((x) => x.id !== s.id) }))}
            >
              ${t('settings.remove')}
            </button>
          </li>`,
        )}
      </ol>
      <div class="add">
        <label for="new-step">${t('settings.new-step')}</label>
        <input
          id="new-step"
          .value=${this.newStep}
          @input=${(e: Event) => (this.newStep = (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              this.addStep();
            }
          }}
        />
        <button type="button" data-action="add-step" @click=${() => this.addStep()}>${t('settings.add-step')}</button>
      </div>
      <div class="field">
        <label for="sold-step">${t('settings.sold-step')}</label>
        <select id="sold-step" @change=${(e: Event) => this.edit({ soldStepId: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${d.soldStepId === ''}>${t('settings.no-sold-step')}</option>
          ${d.progressSteps.map((s) => html`<option value=${s.id} ?selected=${d.soldStepId === s.id}>${s.label}</option>`)}
        </select>
      </div>
      ${this.sectionErrors('progressSteps', 'soldStepId')}
    </fieldset>`;
  }
}
