/**
 * The partner portal: the dashboard lists what is due now ± 3 days; opening a lead routes it to
 * the portal's own card (individual widgets) instead of the dashboard's side panel.
 */
import type { LeadDoc } from '../../src/model/index.js';
import { boot } from './boot.js';
import { $ } from './dom.js';

const demo = await boot();
const dashboard = document.querySelector('lead-dashboard');
const body = $('[data-lead-body]');
const title = $('[data-lead-title]');
const hint = $('[data-lead-hint]');
const perLead = ['lead-interest', 'lead-progress', 'lead-response', 'close-lost-dialog', 'close-won-dialog', 'follow-up-form', 'lead-activity'];
let watching: { unsubscribe(): void } | null = null;

function show(leadId: string): void {
  for (const tag of perLead) document.querySelector(tag)?.setAttribute('lead-id', leadId);
  body.hidden = false;
  hint.hidden = true;
  watching?.unsubscribe();
  watching = demo.store.lead$(leadId).subscribe((lead: LeadDoc | null) => {
    title.textContent = lead ? `${lead.customer.name} — ${lead.vehicle}` : 'Lead not found';
  });
}

dashboard?.addEventListener('lead-open', (event) => {
  const leadId = (event as CustomEvent<{ leadId: string }>).detail?.leadId;
  if (!leadId) return;
  event.preventDefault();
  show(leadId);
});

const fromUrl = new URLSearchParams(location.search).get('lead');
if (fromUrl) show(fromUrl);
