/**
 * pushPolicyToServer(): makes the server enforce a company policy the admin just saved. It reads
 * the database's `_design/forecourt`, replaces only the policy literal inside its
 * validate_doc_update (./policy-literal.ts; the validator itself is not rebuilt, so this runs in
 * a browser: no esbuild, no TypeScript, no Node API) and writes it back. CouchDB lets only server
 * and database admins write design documents: anyone else gets 'auth/not-admin' and nothing
 * changes. The document it writes is the one forecourt-setup builds for the same policy.
 */
import type { CompanyPolicy, Result } from '../model/index.js';
import { fail, ok } from '../model/index.js';
import { validatePolicy } from '../rules/policy.js';
import { CouchClient, CouchError, isAuthError, type SyncAuth } from './couch-client.js';
import { DESIGN_DOC_ID } from './couch-replication.js';
import { replacePolicyLiteral } from './policy-literal.js';
import { clientOfSync, type SyncHandle } from './sync.js';

/** A server and database to push to, with an admin's credentials. */
export interface PolicyTarget {
  url: string;
  database: string;
  auth: SyncAuth;
  fetch?: typeof fetch;
}

export interface PolicyPushed {
  /** False when the server already enforced exactly this policy. */
  changed: boolean;
  /** The design document's revision now. */
  rev: string;
}

interface DesignDocBody {
  _id: string;
  _rev: string;
  validate_doc_update?: string;
  forecourt?: { dealershipId?: string; policyUpdatedAt?: number };
  [field: string]: unknown;
}

const notAdmin = (err: CouchError) =>
  fail(
    'auth/not-admin',
    err.parameters.status === 401
      ? 'The server did not accept these credentials: only a server or database admin can change the policy the server enforces.'
      : 'Only a server or database admin can change the policy the server enforces.',
    undefined,
    { status: err.parameters.status },
  );

/**
 * Makes the server's validate_doc_update enforce `policy`. With a SyncHandle it uses that sync's
 * server, database and current credentials. Resolves to a Result: 'auth/not-admin' (the user may
 * not write design documents), 'auth/other-dealership' (the database belongs to another
 * dealership), 'policy/invalid', 'doc/invalid' (no `_design/forecourt`, or one built before the
 * policy literal existed: run forecourt-setup once). Rejects with a CouchError when the server
 * cannot be reached.
 */
export async function pushPolicyToServer(target: SyncHandle | PolicyTarget, policy: CompanyPolicy): Promise<Result<PolicyPushed>> {
  const client =
    'status$' in target
      ? clientOfSync(target)
      : new CouchClient({ url: target.url, database: target.database, auth: target.auth, ...(target.fetch ? { fetch: target.fetch } : {}) });
  if (!client) return fail('input/invalid', 'This sync has been stopped.');
  const problems = validatePolicy(policy, null);
  if (problems.length > 0) return fail('policy/invalid', problems.map((p) => p.message).join(' '), problems[0]?.field, { problems });

  // A concurrent writer of the design document (another admin, setup) makes the PUT conflict: read again.
  for (let attempt = 0; ; attempt++) {
    let current: DesignDocBody;
    try {
      current = await client.request<DesignDocBody>(encodeDesignId());
    } catch (err) {
      if (err instanceof CouchError && isAuthError(err.code)) return notAdmin(err);
      if (err instanceof CouchError && err.code === 'COUCH_404') {
        return fail('doc/invalid', `The database has no ${DESIGN_DOC_ID}: install the dealership with forecourt-setup first.`);
      }
      throw err;
    }
    const dealershipId = current.forecourt?.dealershipId;
    if (dealershipId !== undefined && dealershipId !== policy.dealershipId) {
      return fail('auth/other-dealership', `This database belongs to ${dealershipId}, the policy to ${policy.dealershipId}.`);
    }
    const source = typeof current.validate_doc_update === 'string' ? replacePolicyLiteral(current.validate_doc_update, policy) : null;
    if (source === null) {
      return fail('doc/invalid', `${DESIGN_DOC_ID} predates policy updates from the browser: run forecourt-setup once to upgrade it.`);
    }
    const forecourt = { ...current.forecourt, dealershipId: policy.dealershipId, policyUpdatedAt: policy.updatedAt };
    if (source === current.validate_doc_update && current.forecourt?.policyUpdatedAt === policy.updatedAt) {
      return ok({ changed: false, rev: current._rev });
    }
    try {
      const written = await client.request<{ rev: string }>(encodeDesignId(), {
        method: 'PUT',
        body: { ...current, validate_doc_update: source, forecourt },
      });
      return ok({ changed: true, rev: written.rev });
    } catch (err) {
      if (err instanceof CouchError && isAuthError(err.code)) return notAdmin(err);
      if (err instanceof CouchError && err.code === 'COUCH_409' && attempt < 3) continue;
      throw err;
    }
  }
}

const encodeDesignId = () => `_design/${encodeURIComponent(DESIGN_DOC_ID.slice('_design/'.length))}`;
