/** Seeded random leads and queries for the dashboard tests (the seed generator's data is not needed here). */
import { DEFAULT_PROGRESS_STEPS, INTERESTS } from '../../../src/model/index.js';
import type { Interest, LeadDoc } from '../../../src/model/index.js';
import type { DashboardQuery, DashboardSortField } from '../../../src/store/api.js';
import { leadSearchText } from '../../../src/rules/lead.js';
import { Rng } from '../../../src/seed/random.js';
import { leadDoc } from '../support/documents.js';

export const DAY = 86_400_000;
export const NOW = new Date(2025, 5, 18, 10, 30).getTime();

/** The seed generator's mulberry32 as a function: small, seeded, the same numbers for the same seed. */
export function rng(seed: number): () => number {
  const random = new Rng(seed);
  return () => random.next();
}

export const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

const FIRST = ['Ann', 'Bob', 'Chloé', 'Dev', 'Eve', 'Farid', 'Gus', 'Hana', 'Ian', 'June'];
const LAST = ['Smith', 'Okafor', 'Nguyen', 'García', 'Brown', 'Kowalski', 'Ito'];
const VEHICLES = ['2024 Toyota RAV4 Hybrid XLE', '2023 Ford F-150 XLT', '2022 Honda Civic Sport', '2024 Tesla Model 3', '2021 BMW X3'];
export const SOURCES = ['Website', 'Walk-in', 'AutoTrader', 'Phone', 'Referral'];
export const SALESPEOPLE = ['sp-1', 'sp-2', 'sp-3', 'sp-4'];
export const STEPS = ['', ...DEFAULT_PROGRESS_STEPS.map((s) => s.id)];

export function makeLead(r: () => number, n: number, overrides: Partial<LeadDoc> = {}): LeadDoc {
  const name = `${pick(r, FIRST)} ${pick(r, LAST)}`;
  const closed = r() < 0.35;
  const nextEventAt = r() < 0.6 ? NOW + Math.round((r() - 0.7) * 60 * DAY) : 0;
  const updatedAt = NOW - Math.round(r() * 40 * DAY);
  // The fields are written in the order of their draws: a seed gives the leads it always gave.
  const lead = leadDoc({
    id: `lead:${String(n).padStart(6, '0')}`,
    dealershipId: 'd1',
    customer: { name, email: `${name.split(' ')[0]!.toLowerCase()}${n}@example.com`, phone: `555-${String(n).padStart(4, '0')}` },
    vehicle: pick(r, VEHICLES),
    source: pick(r, SOURCES),
    salespersonId: pick(r, SALESPEOPLE),
    createdAt: updatedAt - Math.round(r() * 30 * DAY),
    ...(closed ? { status: 'closed', outcome: r() < 0.5 ? 'lost' : 'won', closedAt: updatedAt, closedBy: 'sp-1' } : {}),
    closeRequestId: !closed && r() < 0.05 ? 'activity:req' : '',
    progressStepId: pick(r, STEPS),
    interest: pick(r, INTERESTS) as Interest,
    nextEventAt,
    actionAt: nextEventAt !== 0 ? nextEventAt : updatedAt,
    updatedAt,
    commandId: `c${n}`,
    updatedBy: 'sp-1',
    ...overrides,
  });
  return { ...lead, search: leadSearchText(lead) };
}

const SORT_FIELDS: DashboardSortField[] = ['customer', 'vehicle', 'source', 'salesperson', 'progress', 'interest', 'actionAt', 'status', 'createdAt'];
const TEXTS = ['', '', '', 'an', 'toyota', 'smith', 'ann smith', '555-00', 'WEB', 'zzz', 'é', 'ford xlt'];

function subset<T>(r: () => number, list: readonly T[]): T[] | undefined {
  if (r() < 0.5) return undefined;
  const out = list.filter(() => r() < 0.4);
  return out;
}

export function randomQuery(r: () => number): DashboardQuery {
  const q: DashboardQuery = { status: pick(r, ['open', 'closed', 'all'] as const) };
  const progress = subset(r, [...STEPS, 'unknown-step']);
  if (progress) q.progress = progress;
  const interest = subset(r, INTERESTS);
  if (interest) q.interest = interest;
  const salespeople = subset(r, [...SALESPEOPLE, 'nobody']);
  if (salespeople) q.salespersonIds = salespeople;
  const sources = subset(r, SOURCES);
  if (sources) q.sources = sources;
  const rangeKind = pick(r, [null, null, 'now-3', 'today', 'overdue', 'stalled', 'custom'] as const);
  if (rangeKind === 'custom') {
    const from = NOW - Math.round(r() * 30 * DAY);
    q.range = { kind: 'custom', from, to: from + Math.round(r() * 20 * DAY) };
  } else if (rangeKind) q.range = { kind: rangeKind };
  const text = pick(r, TEXTS);
  if (text) q.text = text;
  if (r() < 0.8) q.sort = { field: pick(r, SORT_FIELDS), direction: r() < 0.5 ? 'asc' : 'desc' };
  if (r() < 0.3) {
    q.offset = Math.floor(r() * 50);
    q.limit = Math.floor(r() * 40);
  }
  return q;
}
