/**
 * Builds a dealership's `_design/forecourt`: the `by_type` `_changes` filter the replication
 * uses, and a `validate_doc_update` generated from src/rules (the same rules the store applies),
 * with the company policy compiled in, wrapped in CouchDB's `function(newDoc, oldDoc, userCtx,
 * secObj)`. The rules' ES5 source comes from ./validator-build.mjs (esbuild + TypeScript) or,
 * in the published bin, prebuilt into it (./build-setup.mjs defines __FORECOURT_VALIDATOR_SOURCE__).
 */
import type { CompanyPolicy } from '../src/model/index.js';
import { policyLiteral } from '../src/sync/policy-literal.js';

declare const __FORECOURT_VALIDATOR_SOURCE__: string | undefined;

export const DESIGN_DOC_ID = '_design/forecourt';

export const BY_TYPE_FILTER_SOURCE =
  "function(doc, req) { return doc.type === req.query.type || (doc._deleted === true && doc._id.indexOf(req.query.type + ':') === 0); }";

export interface DesignDoc {
  _id: typeof DESIGN_DOC_ID;
  _rev?: string;
  language: 'javascript';
  filters: { by_type: string };
  validate_doc_update: string;
  /** What the design document was built for, for people reading the database. */
  forecourt: { dealershipId: string; policyUpdatedAt: number };
}

let rulesBundle: Promise<string> | null = null;

/** The rules as ES5 source defining `var __forecourtValidate = { validate: … }`. Built once per process. */
export function buildValidatorSource(): Promise<string> {
  if (typeof __FORECOURT_VALIDATOR_SOURCE__ === 'string') return Promise.resolve(__FORECOURT_VALIDATOR_SOURCE__);
  rulesBundle ??= import('./validator-build.mjs').then((m) => m.buildValidatorSource());
  return rulesBundle;
}

/**
 * validate_doc_update for one dealership. The policy is a delimited JSON literal (see
 * src/sync/policy-literal.ts) that pushPolicyToServer can replace from a browser.
 */
export async function buildValidateFunction(dealershipId: string, policy: CompanyPolicy): Promise<string> {
  const rules = await buildValidatorSource();
  return [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    // First, so the first marker in the function is the policy's whatever the rules contain.
    `var policy = ${policyLiteral(policy)};`,
    rules,
    `__forecourtValidate.validate(newDoc, oldDoc, userCtx, policy, ${JSON.stringify(dealershipId)});`,
    '}',
  ].join('\n');
}

export async function buildDesignDoc(dealershipId: string, policy: CompanyPolicy): Promise<DesignDoc> {
  return {
    _id: DESIGN_DOC_ID,
    language: 'javascript',
    filters: { by_type: BY_TYPE_FILTER_SOURCE },
    validate_doc_update: await buildValidateFunction(dealershipId, policy),
    forecourt: { dealershipId, policyUpdatedAt: policy.updatedAt },
  };
}
