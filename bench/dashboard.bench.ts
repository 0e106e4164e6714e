/**
 * <lead-dashboard> against @vaadin/grid in headless Chromium, on the same generated leads in
 * IndexedDB (Dexie), at 10,000 and at 100,000 leads:   node bench/runner.mjs bench/dashboard.bench.ts
 *
 * - first render: from the store being open (data already in IndexedDB) to the first rows painted,
 *   and to every lead loaded (filters and counts usable; for the baseline the two are the same);
 * - while loading: the longest main-thread task and how many took 50 ms or more (the page cannot
 *   answer input during a task);
 * - filter change: a keystroke in the search field to the rows painted (median and p95), typing
 *   and then deleting a few words;
 * - scroll of 1,000 rows: in 50 steps of 20 rows, each step to painted rows (total and p95 step);
 * - rows in the DOM.
 * The baseline is the simplest way: all leads read once, `Array.filter` on every keystroke, the
 * result assigned to `grid.items`. Ratios are dashboard / baseline (below 1 = faster).
 */
import '@vaadin/grid/vaadin-grid.js';
import '@vaadin/grid/vaadin-grid-column.js';
import '../components/lead-store/define.js';
import '../components/lead-dashboard/define.js';
import type { LeadDashboardElement } from '../components/lead-dashboard/lead-dashboard.component.js';
import type { LeadStoreElement } from '../components/lead-store/lead-store.component.js';
import type { LeadDoc } from '../src/model/index.js';
import type { LeadStore } from '../src/store/api.js';
import { createStore } from '../src/store/store.js';
import { generateLeadsInChunks, generateStaff } from '../src/seed/index.js';

declare global {
  interface Window {
    benchDone(): void;
  }
}

const DEALER = 'bench-dash';
const NOW = Date.now();
const KEYS = ['t', 'o', 'y', 'o', 't', 'a', ' ', 'c', 'a', 'm', 'r', 'y', '⌫', '⌫', '⌫', '⌫', '⌫', '⌫', '⌫', '⌫', '⌫', '⌫', '⌫', '⌫', 's', 'm', 'i', 't', 'h', '⌫', '⌫', '⌫', '⌫', '⌫'];
const ROW_STEP = 20;
const STEPS = 50;

const log = (line: string): void => console.log(line);
const f0 = (n: number): string => n.toFixed(n < 10 ? 1 : 0);
const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
/** Resolves after the next frame has been painted (a task queued from requestAnimationFrame runs after the paint). */
const painted = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
async function until(check: () => boolean, what: string, timeoutMs = 300_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

async function seed(leads: number): Promise<string> {
  const name = `bench-dash-${leads}-${Date.now().toString(36)}`;
  const options = { seed: 'bench-dash', dealershipId: DEALER, leads, now: NOW, audit: false };
  const staff = generateStaff(options);
  const store = await createStore({ dealershipId: DEALER, name, storage: 'indexeddb' });
  await store.importDocuments({ policy: staff.policy, users: staff.users });
  const t0 = performance.now();
  for (const chunk of generateLeadsInChunks(options, 2000, staff)) await store.importDocuments({ leads: chunk.leads });
  log(`  seeded ${leads.toLocaleString('en')} leads into IndexedDB in ${(performance.now() - t0) / 1000 > 0 ? ((performance.now() - t0) / 1000).toFixed(1) : 0} s`);
  const manager = staff.users.find((u) => u.roles.includes('manager'))!;
  await store.setActor(manager.userId);
  await store.close();
  return name;
}

const open = (name: string): Promise<LeadStore> => createStore({ dealershipId: DEALER, name, storage: 'indexeddb' });

interface Figures {
  /** Store open → first rows painted. */
  firstRender: number;
  /** Store open → every lead loaded, filters and counts usable, rows painted. */
  loaded: number;
  /** Main-thread tasks of 50 ms or more between store open and every lead loaded (ms each). */
  longTasks: number[];
  keystrokes: number[];
  jump: number;
  scrollSteps: number[];
  domRows: number;
  visibleRows: number;
}

/** Records main-thread tasks of 50 ms or more (Long Tasks API) from now until `stop()`. */
function watchLongTasks(): { stop(): number[] } {
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  return {
    stop() {
      for (const entry of observer.takeRecords()) tasks.push(entry.duration);
      observer.disconnect();
      return tasks;
    },
  };
}

function sample(label: string, fig: Figures): void {
  const longest = fig.longTasks.length ? Math.max(...fig.longTasks) : 0;
  log(
    `  ${label.padEnd(22)} first render ${f0(fig.firstRender).padStart(6)} ms (all leads ready ${f0(fig.loaded).padStart(6)} ms; while loading, longest task ${f0(longest)} ms, ${fig.longTasks.length} tasks ≥ 50 ms) · filter keystroke median ${f0(pct(fig.keystrokes, 50)).padStart(5)} ms, p95 ${f0(pct(fig.keystrokes, 95)).padStart(5)} ms · ` +
      `scroll 1,000 rows ${f0(fig.scrollSteps.reduce((a, b) => a + b, 0)).padStart(5)} ms (step p95 ${f0(pct(fig.scrollSteps, 95))} ms, jump ${f0(fig.jump)} ms) · rows in DOM ${fig.domRows} (visible ${fig.visibleRows})`,
  );
}

async function dashboardRun(name: string): Promise<Figures> {
  const store = await open(name);
  const tasks = watchLongTasks();
  const t0 = performance.now();
  const host = document.createElement('lead-store') as LeadStoreElement;
  host.store = store;
  const el = document.createElement('lead-dashboard') as LeadDashboardElement;
  host.append(el);
  document.body.append(host);
  const root = () => el.shadowRoot;
  await until(() => !!root()?.querySelector('.body [role="row"][data-id]'), 'dashboard rows');
  await painted();
  const firstRender = performance.now() - t0;
  await until(() => el.page !== null && !!root()?.querySelector('.body [role="row"][data-id]'), 'every lead loaded');
  await painted();
  const loaded = performance.now() - t0;
  const longTasks = tasks.stop();

  const input = root()!.querySelector<HTMLInputElement>('#search')!;
  const keystrokes: number[] = [];
  for (const key of KEYS) {
    const start = performance.now();
    input.value = key === '⌫' ? input.value.slice(0, -1) : input.value + key;
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    await painted();
    keystrokes.push(performance.now() - start);
  }
  const body = root()!.querySelector<HTMLElement>('.body')!;
  const rowHeight = el.rowHeight;
  const visibleRows = Math.ceil(body.clientHeight / rowHeight);
  let start = performance.now();
  body.scrollTop = 1000 * rowHeight;
  await el.updateComplete;
  await painted();
  const jump = performance.now() - start;
  body.scrollTop = 0;
  await painted();
  const scrollSteps: number[] = [];
  for (let i = 1; i <= STEPS; i++) {
    start = performance.now();
    body.scrollTop = i * ROW_STEP * rowHeight;
    await until(() => !!root()!.querySelector(`[aria-rowindex="${i * ROW_STEP + 2}"]`), 'scrolled rows');
    await painted();
    scrollSteps.push(performance.now() - start);
  }
  const domRows = root()!.querySelectorAll('.body [role="row"]').length;
  host.remove();
  await store.close();
  return { firstRender, loaded, longTasks, keystrokes, jump, scrollSteps, domRows, visibleRows };
}

type GridEl = HTMLElement & { items: unknown[]; scrollToIndex(i: number): void; _firstVisibleIndex?: number };

async function vaadinRun(name: string): Promise<Figures> {
  const store = await open(name);
  const tasks = watchLongTasks();
  const t0 = performance.now();
  const docs = await store.database['leads']!.find().exec();
  const all = docs.map((d) => d.toJSON() as LeadDoc).sort((a, b) => a.actionAt - b.actionAt || (a.id < b.id ? -1 : 1));
  const grid = document.createElement('vaadin-grid') as GridEl;
  grid.style.height = '530px';
  for (const [path, header] of [
    ['customer.name', 'Customer'],
    ['vehicle', 'Vehicle'],
    ['source', 'Source'],
    ['salespersonId', 'Salesperson'],
    ['progressStepId', 'Progress'],
    ['actionAt', 'Action date'],
    ['status', 'Status'],
  ] as const) {
    const column = document.createElement('vaadin-grid-column') as HTMLElement & { path: string; header: string };
    column.path = path;
    column.header = header;
    grid.append(column);
  }
  document.body.append(grid);
  const filterBy = (text: string) => {
    const t = text.toLowerCase();
    return all.filter((l) => l.status === 'open' && (t === '' || l.search.includes(t)));
  };
  let items = filterBy('');
  grid.items = items;
  const firstCell = () => {
    const cells = [...grid.querySelectorAll('vaadin-grid-cell-content')];
    return cells.some((c) => c.textContent === (items[0] as LeadDoc | undefined)?.customer.name);
  };
  await until(firstCell, 'vaadin rows');
  await painted();
  const firstRender = performance.now() - t0;
  const loaded = firstRender;
  const longTasks = tasks.stop();

  let text = '';
  const keystrokes: number[] = [];
  for (const key of KEYS) {
    const start = performance.now();
    text = key === '⌫' ? text.slice(0, -1) : text + key;
    items = filterBy(text);
    grid.items = items;
    if (items.length) await until(firstCell, 'vaadin filtered rows');
    await painted();
    keystrokes.push(performance.now() - start);
  }
  grid.items = items = filterBy('');
  await until(firstCell, 'vaadin rows again');
  const visibleRows = Math.ceil(530 / 36);
  let start = performance.now();
  grid.scrollToIndex(1000);
  await until(() => [...grid.querySelectorAll('vaadin-grid-cell-content')].some((c) => c.textContent === items[1000]!.customer.name), 'vaadin jump');
  await painted();
  const jump = performance.now() - start;
  grid.scrollToIndex(0);
  await painted();
  const scrollSteps: number[] = [];
  for (let i = 1; i <= STEPS; i++) {
    start = performance.now();
    grid.scrollToIndex(i * ROW_STEP);
    const want = items[i * ROW_STEP]!.customer.name;
    await until(() => [...grid.querySelectorAll('vaadin-grid-cell-content')].some((c) => c.textContent === want), 'vaadin scroll');
    await painted();
    scrollSteps.push(performance.now() - start);
  }
  const domRows = grid.shadowRoot!.querySelectorAll('tbody#items tr').length;
  grid.remove();
  await store.close();
  return { firstRender, loaded, longTasks, keystrokes, jump, scrollSteps, domRows, visibleRows };
}

async function main(): Promise<void> {
  log(`<lead-dashboard> vs @vaadin/grid (Array.filter per keystroke) — Chromium ${navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? ''}, ${navigator.hardwareConcurrency} cores`);
  for (const leads of (new URLSearchParams(location.search).get('sizes') ?? '10000,100000').split(',').map(Number)) {
    log(`\n${leads.toLocaleString('en')} leads`);
    const name = await seed(leads);
    const baseline = await vaadinRun(name);
    const ours = await dashboardRun(name);
    sample('<lead-dashboard>', ours);
    log(`    keystrokes (ms): ${ours.keystrokes.map((n) => n.toFixed(0)).join(' ')}`);
    log(`    scroll steps (ms): ${ours.scrollSteps.map((n) => n.toFixed(0)).join(' ')}`);
    sample('@vaadin/grid baseline', baseline);
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    log(
      `  ratios (dashboard / baseline): first render ${ratio(ours.firstRender, baseline.firstRender)} (all leads ready ${ratio(ours.loaded, baseline.loaded)}) · keystroke median ${ratio(pct(ours.keystrokes, 50), pct(baseline.keystrokes, 50))}, p95 ${ratio(pct(ours.keystrokes, 95), pct(baseline.keystrokes, 95))} · scroll 1,000 rows ${ratio(ours.scrollSteps.reduce((a, b) => a + b, 0), baseline.scrollSteps.reduce((a, b) => a + b, 0))}`,
    );
    const target = leads === 10_000 ? 50 : 150;
    log(`  targets: keystroke p95 ≤ ${target} ms: ${pct(ours.keystrokes, 95) <= target ? 'met' : 'MISSED'} · first render ≤ baseline: ${ours.firstRender <= baseline.firstRender ? 'met' : 'MISSED'} · rows in DOM ≤ visible + 20: ${ours.domRows <= ours.visibleRows + 20 ? 'met' : 'MISSED'}`);
    const cleanup = await open(name);
    await cleanup.remove();
  }
}

main()
  .catch((error: unknown) => log(`bench failed: ${error instanceof Error ? error.stack : String(error)}`))
  .finally(() => window.benchDone());
