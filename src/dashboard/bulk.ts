/**
 * Bulk Manage as store commands: the same choices for each selected lead (each decided, applied
 * and audited on its own by the store), and a summary of what succeeded and what was refused.
 */
import type { BulkItemResult, CloseLostChoices, Command, ErrorCode, RuleError } from '../model/index.js';

export type BulkAction =
  { kind: 'close-lost'; choices: CloseLostChoices } | { kind: 'update-progress'; stepId: string; note: string } | { kind: 'allocate'; salespersonId: string };

export function bulkCommands(leadIds: readonly string[], action: BulkAction): Command[] {
  switch (action.kind) {
    case 'close-lost':
      return leadIds.map((leadId) => ({
        type: 'close-lost',
        leadId,
        choices: { ...action.choices, contactGroups: [...action.choices.contactGroups] },
      }));
    case 'update-progress':
      return leadIds.map((leadId) => ({ type: 'update-progress', leadId, update: { check: [action.stepId], clear: [], note: action.note } }));
    case 'allocate':
      return leadIds.map((leadId) => ({ type: 'assign', leadId, salespersonId: action.salespersonId }));
  }
}

export interface BulkSummary {
  total: number;
  succeeded: number;
  /** Close-lost results that became requests to a manager rather than closes. */
  requested: number;
  /** Refusals grouped by error code, in order of first appearance. */
  refused: { code: ErrorCode; error: RuleError; leadIds: string[] }[];
}

export function summarizeBulk(results: readonly BulkItemResult[]): BulkSummary {
  const refused = new Map<ErrorCode, { code: ErrorCode; error: RuleError; leadIds: string[] }>();
  let succeeded = 0;
  let requested = 0;
  for (const { leadId, result } of results) {
    if (result.ok) {
      succeeded++;
      if (result.outcome['outcome'] === 'requested') requested++;
    } else {
      const group = refused.get(result.error.code) ?? { code: result.error.code, error: result.error, leadIds: [] };
      group.leadIds.push(leadId);
      refused.set(result.error.code, group);
    }
  }
  return { total: results.length, succeeded, requested, refused: [...refused.values()] };
}
