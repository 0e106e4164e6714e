/**
 * Builds a dealership's `_design/forecourt`: the `by_type` `_changes` filter the replication
 * uses, and a `validate_doc_update` generated from src/rules (the same rules the store applies),
 * with the company policy compiled in. The rules are bundled with esbuild into one IIFE, lowered
 * to ES5 with the TypeScript compiler (CouchDB's JavaScript engine may be ES5 only) and wrapped
 * in CouchDB's `function(newDoc, oldDoc, userCtx, secObj)`.
 */
import { build } from 'esbuild';
import ts from 'typescript';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompanyPolicy } from '../src/model/index.js';
import { policyLiteral } from '../src/sync/policy-literal.js';

const here = dirname(fileURLToPath(import.meta.url));

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
  rulesBundle ??= (async () => {
    const result = await build({
      entryPoints: [join(here, 'validate-entry.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: '__forecourtValidate',
      platform: 'neutral',
      target: 'es2017',
      minify: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const bundled = result.outputFiles[0]?.text ?? '';
    const es5 = ts.transpileModule(bundled, {
      fileName: 'validate.js',
      compilerOptions: {
        target: ts.ScriptTarget.ES5,
        module: ts.ModuleKind.None,
        allowJs: true,
        removeComments: true,
        newLine: ts.NewLineKind.LineFeed,
      },
    });
    return es5.outputText.replace(/^"use strict";\n/, '');
  })();
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
