/**
 * The dealer website: "My leads" shows everyone's own notices and the dashboard (its own side
 * panel works a lead); managers and the admin also get the close-lost inbox and "Reports &
 * settings" (the closed-lost reason report and the company settings).
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
