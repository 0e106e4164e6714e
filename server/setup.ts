/**
 * Installs or updates one dealership on any CouchDB 3 / Cloudant / PouchDB Server, as a server
 * admin: its database, `_security` (members: that dealership's roles only; no database admins,
 * so only server admins change design documents), `_design/forecourt` (policy compiled in), the
 * users in `_users` with `<dealershipId>:<role>` roles plus their user documents, and the
 * company policy document. Idempotent: it reads what is there and writes only the differences;
 * `dryRun` returns the plan without writing.
 */
import { readFileSync } from 'node:fs';
import type { CompanyPolicy, Role, UserDoc } from '../src/model/index.js';
import { defaultPolicy } from '../src/model/index.js';
import { ALL_ROLES, couchRolesFor, memberRoles } from '../src/sync/roles.js';
import { buildDesignDoc, DESIGN_DOC_ID } from './design-doc.js';

export interface SetupUser {
  /** Login name (CouchDB `_users` name) = the forecourt userId. */
  name: string;
  /** Set when the user is created (or always with `resetPasswords`). */
  password?: string;
  displayName?: string;
  email?: string;
  roles: Role[];
  managerId?: string;
  active?: boolean;
}

export interface SetupOptions {
  /** Server URL with admin credentials, e.g. http://admin:pw@127.0.0.1:5984 */
  url: string;
  dealershipId: string;
  users: SetupUser[];
  /** The company policy (fields not given take the defaults); without it the database's policy (or the default) stays. */
  policy?: Partial<CompanyPolicy>;
  dryRun?: boolean;
  resetPasswords?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface PlannedAction {
  description: string;
  method: 'PUT' | 'POST';
  path: string;
  body: unknown;
  /**
   * For a document others may change meanwhile (a user in the server-wide _users database, shared
   * by every dealership): the body again from the document as it is now, after a 409.
   */
  replan?: () => Promise<unknown>;
}

export interface SetupResult {
  actions: PlannedAction[];
  applied: boolean;
}

const DEALERSHIP_ID = /^[a-z][a-z0-9_$()+/-]*$/;

class AdminClient {
  private readonly base: string;
  private readonly authHeader: string;
  constructor(
    url: string,
    private readonly fetchFn: typeof fetch,
  ) {
    const u = new URL(url);
    this.authHeader = u.username ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : '';
    u.username = '';
    u.password = '';
    this.base = u.toString().replace(/\/+$/, '');
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.authHeader) headers.authorization = this.authHeader;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetchFn(`${this.base}/${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T };
  }

  async get<T>(path: string): Promise<T | null> {
    const res = await this.call<T>('GET', path);
    if (res.status === 404) return null;
    if (res.status >= 400) throw new Error(`GET /${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

/** Plain-data equality with key order ignored. */
function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}
function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
    .join(',')}}`;
}

const withoutMeta = (doc: Record<string, unknown> | null): Record<string, unknown> | null => {
  if (!doc) return null;
  const { _rev, _id, ...rest } = doc;
  void _rev;
  void _id;
  return rest;
};

export function parseUsersFile(path: string): SetupUser[] {
  const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const list = Array.isArray(data) ? data : (data as { users?: unknown }).users;
  if (!Array.isArray(list)) throw new Error(`${path}: expected an array of users (or { "users": [...] })`);
  return list.map((u: Record<string, unknown>, i: number) => {
    if (typeof u.name !== 'string' || !u.name) throw new Error(`${path}: user ${i} has no "name"`);
    const roles = (Array.isArray(u.roles) ? u.roles : []) as Role[];
    for (const r of roles) if (ALL_ROLES.indexOf(r) < 0) throw new Error(`${path}: user ${u.name}: unknown role "${r}"`);
    return u as unknown as SetupUser;
  });
}

export async function setupDealership(options: SetupOptions): Promise<SetupResult> {
  const d = options.dealershipId;
  if (!DEALERSHIP_ID.test(d)) throw new Error(`invalid dealership id "${d}": lower-case letters, digits and - _ only, starting with a letter`);
  const now = options.now ?? Date.now;
  const admin = new AdminClient(options.url, options.fetch ?? fetch);
  const db = encodeURIComponent(d);
  const actions: PlannedAction[] = [];

  const root = await admin.call<{ couchdb?: string }>('GET', '');
  if (root.status !== 200) throw new Error(`the server did not answer at ${options.url}: ${root.status}`);
  const session = await admin.get<{ userCtx: { roles: string[] } }>('_session');
  if (!session || session.userCtx.roles.indexOf('_admin') < 0) throw new Error("the URL must carry a server admin's credentials");

  // database
  const dbInfo = await admin.get(db);
  const dbExists = dbInfo !== null;
  if (!dbExists) actions.push({ description: `create database ${d}`, method: 'PUT', path: db, body: undefined });

  // _users (CouchDB 3 does not create it on a fresh single node)
  if ((await admin.get('_users')) === null) actions.push({ description: 'create database _users', method: 'PUT', path: '_users', body: undefined });

  // _security
  const security = {
    admins: { names: [] as string[], roles: [] as string[] },
    members: { names: [] as string[], roles: memberRoles(d) },
  };
  const currentSecurity = dbExists ? await admin.get<Record<string, unknown>>(`${db}/_security`) : null;
  if (!same(currentSecurity, security)) {
    actions.push({
      description: `set _security of ${d}: members are roles ${security.members.roles.join(', ')}`,
      method: 'PUT',
      path: `${db}/_security`,
      body: security,
    });
  }

  // policy
  const currentPolicy = dbExists ? await admin.get<CompanyPolicy & { _rev?: string; _id: string }>(`${db}/policy`) : null;
  let policy: CompanyPolicy;
  if (options.policy) {
    const base = defaultPolicy(d);
    const wanted: CompanyPolicy = { ...base, ...options.policy, id: 'policy', type: 'policy', dealershipId: d } as CompanyPolicy;
    const current = withoutMeta(currentPolicy as unknown as Record<string, unknown>);
    const comparable = (p: Record<string, unknown> | null) => {
      if (!p) return null;
      const { updatedAt, updatedBy, stamp, id, ...rest } = p;
      void id;
      void updatedAt;
      void updatedBy;
      void stamp;
      return rest;
    };
    if (current && same(comparable(current), comparable(wanted as unknown as Record<string, unknown>))) {
      policy = { ...(current as unknown as CompanyPolicy), id: 'policy' };
    } else {
      const at = now();
      policy = { ...wanted, updatedAt: at, updatedBy: '', stamp: { at, deviceId: 'forecourt-setup', by: '' } };
      actions.push({
        description: `${currentPolicy ? 'update' : 'create'} the company policy`,
        method: 'PUT',
        path: `${db}/policy`,
        body: { ...policy, _id: 'policy', ...(currentPolicy?._rev ? { _rev: currentPolicy._rev } : {}), id: undefined },
      });
    }
  } else if (currentPolicy) {
    policy = withoutMeta(currentPolicy as unknown as Record<string, unknown>) as unknown as CompanyPolicy;
    policy = { ...policy, id: 'policy' };
  } else {
    policy = defaultPolicy(d);
    actions.push({ description: 'create the default company policy', method: 'PUT', path: `${db}/policy`, body: { ...policy, _id: 'policy', id: undefined } });
  }

  // design document (policy compiled in)
  const design = await buildDesignDoc(d, { ...policy, id: 'policy' });
  const currentDesign = dbExists ? await admin.get<Record<string, unknown>>(`${db}/${DESIGN_DOC_ID}`) : null;
  if (!same(withoutMeta(currentDesign), withoutMeta(design as unknown as Record<string, unknown>))) {
    actions.push({
      description: `${currentDesign ? 'update' : 'install'} ${DESIGN_DOC_ID} (by_type filter, validate_doc_update from src/rules)`,
      method: 'PUT',
      path: `${db}/${DESIGN_DOC_ID}`,
      body: { ...design, ...(currentDesign?._rev ? { _rev: currentDesign._rev } : {}) },
    });
  }

  // users
  for (const user of options.users) {
    const userPath = `_users/${encodeURIComponent(`org.couchdb.user:${user.name}`)}`;
    type CouchUser = { _rev: string; roles: string[]; name: string } & Record<string, unknown>;
    /** The user's _users document with this dealership's roles, keeping every other dealership's; null when nothing changes. */
    const userBody = (current: CouchUser | null): Record<string, unknown> | null => {
      const otherRoles = (current?.roles ?? []).filter((r) => r.indexOf(`${d}:`) !== 0);
      const roles = [...otherRoles, ...couchRolesFor(d, user.roles)];
      const setPassword = !current || (options.resetPasswords && user.password);
      if (current && same([...current.roles].sort(), [...roles].sort()) && !setPassword) return null;
      const body: Record<string, unknown> = current ? { ...current, roles } : { _id: `org.couchdb.user:${user.name}`, name: user.name, type: 'user', roles };
      if (setPassword) body.password = user.password;
      return body;
    };
    const current = await admin.get<CouchUser>(userPath);
    if (!current && !user.password) throw new Error(`user ${user.name} does not exist yet and has no "password"`);
    const body = userBody(current);
    if (body) {
      const setPassword = !current || (options.resetPasswords && user.password);
      actions.push({
        description: `${current ? 'update' : 'create'} user ${user.name} (roles ${couchRolesFor(d, user.roles).join(', ') || 'none'})${setPassword && current ? ', new password' : ''}`,
        method: 'PUT',
        path: userPath,
        body,
        replan: async () => userBody(await admin.get<CouchUser>(userPath)),
      });
    }
    const docId = `user:${user.name}`;
    const currentDoc = dbExists ? await admin.get<Record<string, unknown>>(`${db}/${encodeURIComponent(docId)}`) : null;
    const wanted: Omit<UserDoc, 'updatedAt'> = {
      id: docId,
      type: 'user',
      dealershipId: d,
      userId: user.name,
      name: user.displayName ?? user.name,
      email: user.email ?? '',
      roles: [...user.roles],
      managerId: user.managerId ?? '',
      active: user.active ?? true,
    };
    const currentComparable = currentDoc ? { ...withoutMeta(currentDoc), id: docId, updatedAt: undefined } : null;
    if (!same(currentComparable, { ...wanted, updatedAt: undefined })) {
      actions.push({
        description: `${currentDoc ? 'update' : 'create'} the user document ${docId}`,
        method: 'PUT',
        path: `${db}/${encodeURIComponent(docId)}`,
        body: { ...wanted, id: undefined, _id: docId, updatedAt: now(), ...(currentDoc?._rev ? { _rev: currentDoc._rev } : {}) },
      });
    }
  }

  if (options.dryRun) return { actions, applied: false };
  for (const action of actions) {
    let body: unknown = action.body === undefined ? undefined : JSON.parse(JSON.stringify(action.body));
    let res = await admin.call(action.method, action.path, body);
    // Another setup (another dealership sharing the user) changed the document meanwhile: plan it again.
    for (let attempt = 0; res.status === 409 && action.replan && attempt < 5; attempt++) {
      body = await action.replan();
      if (body === null) break; // it already is what we wanted
      res = await admin.call(action.method, action.path, JSON.parse(JSON.stringify(body)));
    }
    if (res.status >= 400 && !(res.status === 409 && body === null)) throw new Error(`${action.description}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { actions, applied: true };
}

const USAGE = `usage: forecourt-setup --url http://admin:password@host:5984 --dealership <id> --users users.json [--policy policy.json] [--reset-passwords] [--dry-run]

Installs or updates one dealership on a CouchDB 3 / Cloudant / PouchDB Server: its database,
_security, the _design/forecourt document (validation generated from forecourt's rules, the
company policy compiled in), users in _users with roles "<dealership>:<role>", and the policy.
Running it again changes nothing unless the inputs changed. --dry-run prints the plan only.
users.json: [{ "name": "sam", "password": "…", "displayName": "Sam Lee", "email": "…",
               "roles": ["salesperson", "close-lead-lost-permission"], "managerId": "mia" }]
roles: ${ALL_ROLES.join(', ')}`;

export async function main(argv: string[], log: (line: string) => void = console.log): Promise<number> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    log(USAGE);
    return 0;
  }
  const url = flag('--url') ?? process.env.FORECOURT_COUCH_URL;
  const dealershipId = flag('--dealership');
  const usersFile = flag('--users');
  const policyFile = flag('--policy');
  if (!url || !dealershipId) {
    log(USAGE);
    return 2;
  }
  try {
    const users = usersFile ? parseUsersFile(usersFile) : [];
    const policy = policyFile ? (JSON.parse(readFileSync(policyFile, 'utf8')) as Partial<CompanyPolicy>) : undefined;
    const dryRun = argv.includes('--dry-run');
    const result = await setupDealership({
      url,
      dealershipId,
      users,
      ...(policy ? { policy } : {}),
      dryRun,
      resetPasswords: argv.includes('--reset-passwords'),
    });
    const safeUrl = new URL(url);
    safeUrl.password = safeUrl.password ? '***' : '';
    log(`${dryRun ? 'plan for' : 'dealership'} ${dealershipId} on ${safeUrl.toString()}`);
    if (result.actions.length === 0) log('  no changes');
    for (const a of result.actions) log(`  ${dryRun ? 'would ' : ''}${a.description}`);
    return 0;
  } catch (err) {
    log(`forecourt-setup: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
