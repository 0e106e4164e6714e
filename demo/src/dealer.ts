/** The dealer website: "My leads" shows the dashboard (its own side panel works a lead). */
import { boot } from './boot.js';

const demo = await boot();
const dashboard = document.querySelector('lead-dashboard');

// Salespeople see their own leads; managers and the admin see the whole dealership.
const inbox = document.querySelector<HTMLElement>('[data-managers-only]');
const scope = (userId: string, roles: readonly string[]): void => {
  if (inbox) inbox.hidden = !(roles.includes('manager') || roles.includes('admin'));
  if (!dashboard) return;
  if (roles.includes('salesperson')) dashboard.setAttribute('salesperson', userId);
  else dashboard.removeAttribute('salesperson');
};
scope(demo.user.userId, demo.user.roles);
demo.onUserChange((u) => scope(u.userId, u.roles));
