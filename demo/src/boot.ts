/**
 * What both demo pages share: reset and seed the local data, pick who you act as, and hand the
 * store (and, under `npm start`, the server) to the page's `<lead-store>`.
 */
import '../../components/all.js';
import type { Role, UserDoc } from '../../src/model/index.js';
import type { LeadStore } from '../../src/store/api.js';
import { openSharedStore } from '../../src/store/store.js';
import { companyName, databaseName, dealershipId, demoPassword, serverUrl, testMode } from './config.js';
import { demoUsers, requestReset, resetIfRequested, seedIfEmpty } from './data.js';
import { $, h } from './dom.js';

const USER_KEY = 'forecourt-demo:user';

const ROLE_LABELS: Partial<Record<Role, string>> = {
  salesperson: 'Salesperson',
  manager: 'Sales manager',
  admin: 'Dealership admin',
};

export function describeUser(user: UserDoc): string {
  const base = user.roles.map((r) => ROLE_LABELS[r]).find(Boolean) ?? 'User';
  const extras: string[] = [];
  if (user.roles.includes('close-lead-lost-permission')) extras.push('requests Close Lost');
  else if (user.roles.includes('salesperson')) extras.push('no Close Lost');
  if (user.roles.includes('receive-closed-lead-as-lost-notification')) extras.push('lost-lead notices');
  if (user.roles.includes('bulk-manage')) extras.push('Bulk Manage');
  return extras.length ? `${base} · ${extras.join(', ')}` : base;
}

export interface Demo {
  store: LeadStore;
  users: UserDoc[];
  user: UserDoc;
  onUserChange(listener: (user: UserDoc) => void): void;
}

function setStatus(text: string): void {
  const el = document.querySelector('[data-demo-status]');
  if (el) el.textContent = text;
}

function userPicker(users: UserDoc[], current: UserDoc, change: (u: UserDoc) => void): HTMLElement {
  const select = h('select', { id: 'demo-user', name: 'user' });
  const groups: [string, (u: UserDoc) => boolean][] = [
    ['Salespeople', (u) => u.roles.includes('salesperson')],
    ['Managers', (u) => u.roles.includes('manager')],
    ['Admin', (u) => u.roles.includes('admin')],
  ];
  for (const [label, test] of groups) {
    const group = h('optgroup', { label });
    for (const u of users.filter(test)) group.append(h('option', { value: u.userId, selected: u.userId === current.userId }, `${u.name} — ${describeUser(u)}`));
    select.append(group);
  }
  select.addEventListener('change', () => {
    const next = users.find((u) => u.userId === select.value);
    if (next) change(next);
  });
  return h('label', { class: 'demo-user', for: 'demo-user' }, h('span', {}, 'Acting as'), select);
}

export async function boot(): Promise<Demo> {
  const wasReset = await resetIfRequested();
  setStatus(wasReset ? 'Demo data reset.' : 'Opening the local store…');
  const store = await openSharedStore({ dealershipId, name: databaseName, storage: 'indexeddb' });

  if (!serverUrl) {
    const written = await seedIfEmpty(store, (done, total) => setStatus(`Seeding demo data: ${done.toLocaleString()} of ${total.toLocaleString()} leads…`));
    setStatus(
      `${testMode ? 'Test mode (hostile customer names), ' : ''}local only: data lives in this browser's IndexedDB${written ? ` — ${written.toLocaleString()} leads seeded` : ''}.`,
    );
  } else {
    setStatus(`Synced with ${serverUrl}/${dealershipId}. The first visit pulls the seeded dealership from the server.`);
  }

  const users = demoUsers();
  const saved = users.find((u) => u.userId === localStorage.getItem(USER_KEY));
  let user = saved ?? users.find((u) => u.roles.includes('salesperson')) ?? users[0]!;
  const listeners: ((u: UserDoc) => void)[] = [];

  const leadStore = document.querySelector('lead-store');
  const apply = (u: UserDoc): void => {
    if (!leadStore) return;
    if (serverUrl) {
      leadStore.auth = 'basic';
      leadStore.credentials = { username: u.userId, password: demoPassword };
      // The server's base URL: sync replicates the database named after the dealership.
      leadStore.serverUrl = serverUrl;
    }
    leadStore.user = u.userId;
  };
  apply(user);
  if (leadStore) leadStore.store = store;

  const slot = document.querySelector('[data-demo-user]');
  slot?.replaceChildren(
    userPicker(users, user, (next) => {
      user = next;
      localStorage.setItem(USER_KEY, next.userId);
      apply(next);
      for (const l of listeners) l(next);
    }),
  );
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-demo-reset]')) {
    button.addEventListener('click', () => {
      if (confirm(`Delete ${companyName}'s demo data in this browser and start again?`)) requestReset();
    });
  }
  return {
    store,
    users,
    get user() {
      return user;
    },
    onUserChange: (listener) => listeners.push(listener),
  };
}

export { $ };
