/**
 * The rules the store applies, as one object: the default is src/rules; tests may pass another.
 */
import type { ChangeSet, Command, CommandContext, CompanyPolicy, DecisionState, Result, RuleError } from '../model/index.js';
import { decide, requiredState } from '../rules/index.js';
import { validateDocumentWrite } from '../rules/documents.js';

/** Who writes a document, as the document validation (and the server) sees them. */
export interface DocWriter {
  userId: string;
  roles: string[];
  isAdmin: boolean;
}

export interface RulesPort {
  decide(command: Command, state: DecisionState, ctx: CommandContext): Result<ChangeSet>;
  requiredState(command: Command): { leadId?: string; requestId?: string; notificationId?: string };
  validateDocumentWrite(oldDoc: any, newDoc: any, writer: DocWriter, policy: CompanyPolicy): RuleError | null;
}

export const defaultRules: RulesPort = {
  decide,
  requiredState,
  validateDocumentWrite,
};
