/** forecourt-setup: installs a dealership, changes nothing the second time, --dry-run writes nothing. */
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupDealership } from '../../../server/setup.js';
import { memberRoles } from '../../../src/sync/roles.js';
import { http, testServer, uniqueName } from './helpers.js';

const users = [
  { name: uniqueName('sam'), password: 'pw-1', roles: ['salesperson' as const], displayName: 'Sam Lee' },
  { name: uniqueName('mia'), password: 'pw-2', roles: ['manager' as const, 'receive-closed-lead-as-lost-notification' as const] },
];

/**
 * Runs node with args without blocking this process's event loop (a blocked loop misses the
 * server closing idle keep-alive sockets, and the next fetch fails with "other side closed").
 */
async function node(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', ...options });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

describe('forecourt-setup', () => {
  test('installs database, _security, design document, users and policy; a second run changes nothing', async () => {
    const s = testServer();
    const d = uniqueName('setup-motors');
    const first = await setupDealership({ url: s.adminUrl, dealershipId: d, users, policy: { companyName: 'Setup Motors' } });
    assert.ok(first.applied && first.actions.length >= 6);
    const security = (await http('GET', `${d}/_security`)).body;
    assert.deepEqual(security.members.roles, memberRoles(d));
    assert.deepEqual(security.admins, { names: [], roles: [] });
    assert.equal((await http('GET', `${d}/_design/forecourt`)).status, 200);
    assert.equal((await http('GET', `${d}/policy`)).body.companyName, 'Setup Motors');
    const mia = (await http('GET', `_users/org.couchdb.user:${users[1]!.name}`)).body;
    assert.deepEqual([...mia.roles].sort(), [`${d}:manager`, `${d}:receive-closed-lead-as-lost-notification`].sort());
    const samDoc = (await http('GET', `${d}/user:${users[0]!.name}`)).body;
    assert.equal(samDoc.name, 'Sam Lee');
    const second = await setupDealership({ url: s.adminUrl, dealershipId: d, users, policy: { companyName: 'Setup Motors' } });
    assert.deepEqual(second.actions, []);
  });

  test('a user keeps the roles another dealership gave them', async () => {
    const s = testServer();
    const a = uniqueName('a-motors');
    const b = uniqueName('b-motors');
    const name = uniqueName('shared');
    await setupDealership({ url: s.adminUrl, dealershipId: a, users: [{ name, password: 'pw', roles: ['manager'] }] });
    await setupDealership({ url: s.adminUrl, dealershipId: b, users: [{ name, roles: ['salesperson'] }] });
    const roles = (await http('GET', `_users/org.couchdb.user:${name}`)).body.roles as string[];
    assert.deepEqual([...roles].sort(), [`${a}:manager`, `${b}:salesperson`].sort());
  });

  test("set-ups of several dealerships at once that share a user all succeed, and the user keeps every dealership's roles", async () => {
    const s = testServer();
    const name = uniqueName('shared');
    // The user exists first, so every set-up below plans an update of the same _users document.
    await setupDealership({ url: s.adminUrl, dealershipId: uniqueName('first-motors'), users: [{ name, password: 'pw', roles: ['salesperson'] }] });
    const dealerships = Array.from({ length: 4 }, (_, i) => uniqueName(`busy${i}-motors`));
    await Promise.all(dealerships.map((d) => setupDealership({ url: s.adminUrl, dealershipId: d, users: [{ name, roles: ['manager'] }] })));
    const roles = (await http('GET', `_users/org.couchdb.user:${name}`)).body.roles as string[];
    for (const d of dealerships) assert.ok(roles.includes(`${d}:manager`), `${d}'s role kept: ${roles.join(', ')}`);
  });

  test('--dry-run prints the plan and writes nothing; the bin installs, then reports no changes', async () => {
    const s = testServer();
    const d = uniqueName('bin-motors');
    const dir = mkdtempSync(join(tmpdir(), 'forecourt-setup-'));
    const usersFile = join(dir, 'users.json');
    const binUsers = [{ name: uniqueName('bob'), password: 'pw-3', roles: ['salesperson'] }];
    writeFileSync(usersFile, JSON.stringify(binUsers));
    const run = (...extra: string[]) => node(['bin/forecourt-setup.mjs', '--url', s.adminUrl, '--dealership', d, '--users', usersFile, ...extra]);
    const dry = await run('--dry-run');
    assert.equal(dry.status, 0, dry.stderr + dry.stdout);
    assert.match(dry.stdout, /would create database/);
    assert.doesNotMatch(dry.stdout, new RegExp(s.adminPassword), 'the password is not printed');
    assert.equal((await http('GET', d)).status, 404, 'dry run created no database');
    assert.equal((await http('GET', `_users/org.couchdb.user:${binUsers[0]!.name}`)).status, 404, 'dry run created no user');
    const real = await run();
    assert.equal(real.status, 0, real.stderr + real.stdout);
    assert.equal((await http('GET', `${d}/_design/forecourt`)).status, 200);
    const again = await run();
    assert.match(again.stdout, /no changes/);
  });

  test('refuses a URL without admin credentials', async () => {
    const s = testServer();
    await assert.rejects(setupDealership({ url: s.url, dealershipId: uniqueName('x-motors'), users: [] }), /admin/);
  });
});
