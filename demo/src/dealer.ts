/**
 * The dealer website: "My leads" shows everyone's own notices and the dashboard (its own side
 * panel works a lead); managers and the admin also get the close-lost inbox and "Reports &
 * settings" (the closed-lost reason report and the company settings). Below the dashboard,
 * <lead-response> follows the lead opened there, to record a customer's response on it.
 */
import { boot } from './boot.js';

const demo = await boot();
const dashboard = document.querySelector('lead-dashboard');

// Salespeople see their own leads; managers and the admin see the whole dealership.
const managersOnly = document.querySelectorAll<HTMLElement>('[data-managers-only]');
const scope = (userId: string, roles: readonly string[]): void => {
  const manages = roles.includes('manager') || roles.includes('admin');
  for (const el of managersOnly) el.hidden = !manages;
  if (!dashboard) return;
  if (roles.includes('salesperson')) dashboard.setAttribute('salesperson', userId);
  else dashboard.removeAttribute('salesperson');
};
scope(demo.user.userId, demo.user.roles);
demo.onUserChange((u) => scope(u.userId, u.roles));

// <lead-response> follows the lead the dashboard opens (its own side panel opens as well).
const response = document.querySelector('lead-response');
const responseHint = document.querySelector<HTMLElement>('[data-response-hint]');
const follow = (event: CustomEvent<{ leadId: string }>): void => {
  const leadId = event.detail?.leadId;
  if (!response || !leadId) return;
  response.leadId = leadId;
  response.hidden = false;
  if (responseHint) responseHint.hidden = true;
};
dashboard?.addEventListener('lead-open', follow);
dashboard?.addEventListener('lead-progress-requested', follow);
