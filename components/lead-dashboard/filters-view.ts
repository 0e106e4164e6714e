/**
 * The dashboard's filter bar: Status, the action date range, the search field and the facets
 * (Progress, Interest, salesperson, source), each value with its count. Pure rendering over a
 * view of the element's filter state; the element applies and announces the changes.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { INTERESTS } from '../../src/model/index.js';
import type { CompanyPolicy, Interest } from '../../src/model/index.js';
import type { DashboardQuery } from '../../src/store/api.js';
import type { DashboardResult } from '../../src/dashboard/dashboard-index.js';
import { formatList, parseList } from '../../src/dashboard/filter-state.js';
import type { FilterAttributes } from '../../src/dashboard/filter-state.js';
import { msg } from '../shared/i18n.js';
import { numberText, t } from './messages.js';

/** What the filter bar shows and how it reports a change. */
export interface FiltersView {
  /** The counts of the current result (undefined until every lead is loaded). */
  counts: DashboardResult['counts'] | undefined;
  /** The query the filter attributes describe. */
  query: DashboardQuery;
  /** The filter attributes as they are now. */
  attributes(): FilterAttributes;
  policy: CompanyPolicy | undefined;
  userName(userId: string): string;
  stepLabel(stepId: string): string;
  /** Applies a filter change the user made (and announces it). */
  change(patch: Partial<FilterAttributes>): void;
}

type Facet = 'progress' | 'interest' | 'salesperson' | 'source';

/** The filter bar (part `filters`, the search field part `search`). */
export function renderFilters(view: FiltersView): TemplateResult {
  const { counts, policy } = view;
  const q = view.query;
  const attributes = view.attributes();
  const statusCount = (s: 'open' | 'closed' | 'all') => (counts ? ` (${numberText(counts.status[s])})` : '');
  const steps = ['', ...(policy?.progressSteps.map((s) => s.id) ?? [])];
  for (const id of Object.keys(counts?.progress ?? {})) if (!steps.includes(id)) steps.push(id);
  const people = Object.keys(counts?.salesperson ?? {}).sort((a, b) => view.userName(a).localeCompare(view.userName(b)));
  const sources = Object.keys(counts?.source ?? {}).sort((a, b) => a.localeCompare(b));
  return html`<div part="filters" class="filters" role="search" aria-label=${t('filters.label')}>
      <fieldset class="status">
        <legend>${t('filters.status')}</legend>
        ${(['open', 'closed', 'all'] as const).map(
          (s) => html`<label class="seg"><input type="radio" name="status" value=${s} .checked=${q.status === s}
            @change=${() => view.change({ status: s })} />${t(`filters.status.${s}`)}${statusCount(s)}</label>`,
        )}
      </fieldset>
      <div class="field range">
        <label for="range">${t('filters.range')}</label>
        <select id="range" @change=${(e: Event) => view.change({ range: (e.target as HTMLSelectElement).value })}>
          ${(['', 'now-3', 'today', 'overdue', 'stalled', 'custom'] as const).map(
            (r) =>
              html`<option value=${r} ?selected=${(q.range?.kind ?? (attributes.range === 'custom' ? 'custom' : '')) === r}>${t(r === '' ? 'filters.range.any' : `filters.range.${r}`)}</option>`,
          )}
        </select>
        ${
          attributes.range === 'custom'
            ? html`<label for="range-from">${t('filters.range.from')}</label>
              <input id="range-from" type="date" .value=${attributes['range-from']} @change=${(e: Event) => view.change({ 'range-from': (e.target as HTMLInputElement).value })} />
              <label for="range-to">${t('filters.range.to')}</label>
              <input id="range-to" type="date" .value=${attributes['range-to']} @change=${(e: Event) => view.change({ 'range-to': (e.target as HTMLInputElement).value })} />`
            : nothing
        }
      </div>
      <div class="field search">
        <label for="search">${t('filters.search')}</label>
        <input id="search" part="search" type="search" .value=${attributes.search} placeholder=${t('filters.search-placeholder')} autocomplete="off"
          @input=${(e: Event) => view.change({ search: (e.target as HTMLInputElement).value })} />
      </div>
      ${renderFacet(view, 'progress', t('filters.progress'), steps, q.progress ?? [], counts?.progress ?? {}, (id) => view.stepLabel(id))}
      ${renderFacet(view, 'interest', t('filters.interest'), [...INTERESTS], q.interest ?? [], counts?.interest ?? {}, (i) => msg(`interest.${i as Interest}`))}
      ${renderFacet(view, 'salesperson', t('filters.salesperson'), people, q.salespersonIds ?? [], counts?.salesperson ?? {}, (id) => view.userName(id))}
      ${renderFacet(view, 'source', t('filters.source'), sources, q.sources ?? [], counts?.source ?? {}, (s) => s)}
      <button type="button" class="clear" @click=${() => clearFilters(view)}>${t('filters.clear')}</button>
    </div>`;
}

function renderFacet(
  view: FiltersView,
  facet: Facet,
  label: string,
  values: readonly string[],
  selected: readonly string[],
  counts: Record<string, number>,
  name: (value: string) => string,
): TemplateResult {
  const summary = selected.length ? t('filters.selected', { count: selected.length }) : t('filters.any');
  return html`<details class="facet" data-facet=${facet}>
      <summary>${label}: ${summary}</summary>
      <fieldset>
        <legend class="visually-hidden">${label}</legend>
        ${values.map(
          (v) => html`<label class="check"><input type="checkbox" data-value=${v} .checked=${selected.includes(v)}
            @change=${(e: Event) => toggleFacet(view, facet, v, (e.target as HTMLInputElement).checked)} />
            <span>${name(v)}</span> <span class="count">(${numberText(counts[v] ?? 0)})</span></label>`,
        )}
      </fieldset>
    </details>`;
}

function toggleFacet(view: FiltersView, facet: Facet, value: string, on: boolean): void {
  const token = facet === 'progress' && value === '' ? 'none' : value;
  const list = parseList(view.attributes()[facet]).filter((v) => v !== token);
  if (on) list.push(token);
  view.change({ [facet]: formatList(list) });
}

function clearFilters(view: FiltersView): void {
  view.change({ progress: '', interest: '', salesperson: '', source: '', range: '', 'range-from': '', 'range-to': '', search: '' });
}
