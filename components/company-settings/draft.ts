/**
 * The editable copy of the company policy, and the small edits the form makes to it. Pure
 * functions, no DOM: what is valid is decided by src/rules when the store runs 'update-policy'.
 */
import type { CloseLostField, CompanyPolicy, Command } from '../../src/model/index.js';

export type PolicyDraft = Extract<Command, { type: 'update-policy' }>['policy'];

export function draftOf(policy: CompanyPolicy): PolicyDraft {
  const { id: _id, type: _type, dealershipId: _d, updatedAt: _u, updatedBy: _b, stamp: _s, ...rest } = policy;
  return JSON.parse(JSON.stringify(rest)) as PolicyDraft;
}

export const sameDraft = (a: PolicyDraft, b: PolicyDraft): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A new id from a label: lower-case words joined by '-', unique among `taken`. */
export function newId(label: string, taken: readonly string[]): string {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'item';
  let id = base;
  for (let n = 2; taken.includes(id); n += 1) id = `${base}-${n}`;
  return id;
}

export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(to, 0, item!);
  return copy;
}

export function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  const without = list.filter((x) => x !== value);
  return on ? [...without, value] : without;
}

export const CLOSE_LOST_FIELD_ORDER: readonly CloseLostField[] = ['reason', 'notes', 'followUp'];
