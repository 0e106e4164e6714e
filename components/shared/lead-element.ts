/**
 * The base of the elements about one lead: the `lead-id` attribute and live views of the lead,
 * the company policy and the acting user, all bound through ObservableController.
 */
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Actor, CompanyPolicy, LeadDoc } from '../../src/model/index.js';
import { msg } from './i18n.js';
import { ObservableController } from './store-controller.js';
import type { StoreHandle } from './store-context.js';
import { StoreElement } from './store-element.js';

export class LeadElement extends StoreElement {
  /** The lead's id (`lead:…`). */
  @property({ attribute: 'lead-id', reflect: true }) leadId = '';

  protected readonly leadCtl = new ObservableController<LeadDoc | null>(this, (lead) => this.leadChanged(lead));
  protected readonly policyCtl = new ObservableController<CompanyPolicy>(this);
  protected readonly actorCtl = new ObservableController<Actor | null>(this);

  get lead(): LeadDoc | null | undefined {
    return this.leadCtl.value;
  }
  get policy(): CompanyPolicy | undefined {
    return this.policyCtl.value;
  }
  get actor(): Actor | null | undefined {
    return this.actorCtl.value;
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.policyCtl.observe(handle?.store.policy$ ?? null);
    this.actorCtl.observe(handle?.store.actor$ ?? null);
    this.leadCtl.observe(handle && this.leadId ? handle.store.lead$(this.leadId) : null);
  }

  /** Called on every new value of the lead (from this device, another tab or the server). */
  protected leadChanged(_lead: LeadDoc | null): void {}

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('leadId')) {
      const store = this.store;
      this.leadCtl.observe(store && this.leadId ? store.lead$(this.leadId) : null);
    }
  }

  /** What to show while the store, the policy or the lead is not there; null when all are. */
  protected renderWaiting(): TemplateResult | null {
    const source = this.storeConsumer.source;
    if (source === 'unconfigured') return html`<p part="message" class="muted">${msg('store.unconfigured')}</p>`;
    if (source === 'failed') {
      return html`<p part="message" class="error" role="alert">${msg('store.failed', { error: String((this.storeConsumer.error as Error)?.message ?? this.storeConsumer.error) })}</p>`;
    }
    if (!this.store || !this.policy || this.lead === undefined) return html`<p part="message" class="muted">${msg('lead.loading')}</p>`;
    if (this.lead === null) return html`<p part="message" class="muted">${msg('lead.missing')}</p>`;
    return null;
  }
}
