/**
 * The entry point bundled into the design document's validate_doc_update. It adapts CouchDB's
 * arguments (documents with `_id`, `userCtx` with CouchDB role names) to the rules' own
 * `validateDocumentWrite` and turns a refusal into CouchDB's `{forbidden}` / `{unauthorized}`.
 * Runs in CouchDB's JavaScript engine: ES5 built-ins only (the builder transpiles the syntax).
 */
import type { CompanyPolicy, ForecourtDoc, Role } from '../src/model/index.js';
import { validateDocumentWrite } from '../src/rules/documents.js';
import { forecourtRolesOf, SERVER_ADMIN_ROLE } from '../src/sync/roles.js';

interface CouchUserCtx {
  name: string | null;
  roles: string[];
  db?: string;
}

type CouchDoc = { _id: string; _rev?: string; _deleted?: boolean; [k: string]: unknown };

function toModel(doc: CouchDoc | null): (ForecourtDoc & { _deleted?: boolean }) | null {
  if (!doc) return null;
  const out: Record<string, unknown> = {};
  for (const key in doc) {
    if (!Object.prototype.hasOwnProperty.call(doc, key)) continue;
    if (key === '_id') out.id = doc._id;
    else if (key === '_deleted') out._deleted = doc._deleted === true;
    else if (key.charAt(0) !== '_') out[key] = doc[key];
  }
  if (!('id' in out)) out.id = doc._id;
  return out as unknown as ForecourtDoc & { _deleted?: boolean };
}

export function validate(newDoc: CouchDoc, oldDoc: CouchDoc | null, userCtx: CouchUserCtx, policy: CompanyPolicy, dealershipId: string): void {
  const roles = userCtx && userCtx.roles ? userCtx.roles : [];
  const isAdmin = roles.indexOf(SERVER_ADMIN_ROLE) >= 0;
  if (newDoc._id.indexOf('_design/') === 0) {
    if (!isAdmin) throw { forbidden: 'doc/forbidden: only a server admin may change design documents' };
    return;
  }
  if (!userCtx || !userCtx.name) {
    if (!isAdmin) throw { unauthorized: 'auth/no-actor: log in to write to this database' };
  }
  const writer = {
    userId: userCtx && userCtx.name ? userCtx.name : '',
    roles: forecourtRolesOf(dealershipId, roles) as Role[],
    isAdmin: isAdmin,
  };
  const result = validateDocumentWrite(toModel(oldDoc), toModel(newDoc), writer, policy);
  if (result) throw { forbidden: result.code + ': ' + result.message };
}
