/** The dashboard query done the slow, obvious way over plain lead documents: the oracle for the index. */
import { INTERESTS } from '../../../src/model/index.js';
import type { LeadDoc } from '../../../src/model/index.js';
import { matchesStatus } from '../../../src/rules/lead.js';
import type { DashboardPage, DashboardQuery } from '../../../src/store/api.js';
import { dashboardRangeBounds } from '../../../src/dashboard/range.js';

export interface ReferenceLabels {
  names?: Record<string, string>;
  stepOrder?: readonly string[];
}

type Facet = 'status' | 'progress' | 'interest' | 'salesperson' | 'source';

export function referenceQuery(leads: readonly LeadDoc[], q: DashboardQuery, now: number, labels: ReferenceLabels = {}) {
  const bounds = q.range ? dashboardRangeBounds(q.range, now) : null;
  const terms = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const sel = <T>(list: readonly T[] | undefined) => (list && list.length > 0 ? list : null);
  const passes = (lead: LeadDoc, facet: Facet): boolean => {
    switch (facet) {
      case 'status':
        return matchesStatus(lead, q.status ?? 'open');
      case 'progress':
        return !sel(q.progress) || q.progress!.includes(lead.progressStepId);
      case 'interest':
        return !sel(q.interest) || q.interest!.includes(lead.interest);
      case 'salesperson':
        return !sel(q.salespersonIds) || q.salespersonIds!.includes(lead.salespersonId);
      case 'source':
        return !sel(q.sources) || q.sources!.includes(lead.source);
    }
  };
  const always = (lead: LeadDoc) => (!bounds || (lead.actionAt >= bounds.from && lead.actionAt <= bounds.to)) && terms.every((t) => lead.search.includes(t));
  const facets: Facet[] = ['status', 'progress', 'interest', 'salesperson', 'source'];
  const passesAllBut = (lead: LeadDoc, skip: Facet | null) => always(lead) && facets.every((f) => f === skip || passes(lead, f));

  const steps = new Map((labels.stepOrder ?? []).map((id, i) => [id, i]));
  const key = (lead: LeadDoc): number | string => {
    switch (q.sort?.field ?? 'actionAt') {
      case 'customer':
        return lead.customer.name.toLowerCase();
      case 'vehicle':
        return lead.vehicle.toLowerCase();
      case 'source':
        return lead.source.toLowerCase();
      case 'salesperson':
        return (labels.names?.[lead.salespersonId] ?? lead.salespersonId).toLowerCase();
      case 'progress':
        return lead.progressStepId === '' ? -1 : (steps.get(lead.progressStepId) ?? 1e6);
      case 'interest':
        return INTERESTS.indexOf(lead.interest);
      case 'actionAt':
        return lead.actionAt;
      case 'createdAt':
        return lead.createdAt;
      case 'status':
        return lead.status === 'open' ? 0 : lead.outcome === 'won' ? 1 : 2;
    }
  };
  const matching = leads.filter((l) => passesAllBut(l, null));
  matching.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  if (q.sort?.direction === 'desc') matching.reverse();

  const countBy = (facet: Facet, value: (l: LeadDoc) => string) => {
    const out: Record<string, number> = {};
    for (const l of leads) out[value(l)] = 0;
    for (const l of leads) if (passesAllBut(l, facet)) out[value(l)]! += 1;
    return out;
  };
  const statusBase = leads.filter((l) => passesAllBut(l, 'status'));
  const counts: DashboardPage['counts'] = {
    status: {
      open: statusBase.filter((l) => matchesStatus(l, 'open')).length,
      closed: statusBase.filter((l) => matchesStatus(l, 'closed')).length,
      all: statusBase.length,
    },
    progress: countBy('progress', (l) => l.progressStepId),
    interest: { ...Object.fromEntries(INTERESTS.map((i) => [i, 0])), ...countBy('interest', (l) => l.interest) } as DashboardPage['counts']['interest'],
    salesperson: countBy('salesperson', (l) => l.salespersonId),
    source: countBy('source', (l) => l.source),
  };
  const offset = q.offset ?? 0;
  const rows = q.offset !== undefined || q.limit !== undefined ? matching.slice(offset, q.limit !== undefined ? offset + q.limit : undefined) : matching;
  return { total: matching.length, ids: rows.map((l) => l.id), counts };
}
