/**
 * The published forecourt-setup: bin/forecourt-setup.mjs beside a dist/forecourt-setup.mjs built
 * by server/build-setup.mjs, in a folder where neither tsx nor esbuild nor TypeScript can be
 * imported (as in an integrator's install), installs a dealership whose design document is the
 * one the sources build; the source bin then finds nothing to change.
 */
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPolicy } from '../../../src/model/index.js';
import { buildDesignDoc } from '../../../server/design-doc.js';
import { http, makeLead, testServer, uniqueName } from './helpers.js';

const cleanEnv = () => {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_PATH;
  return env;
};

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

describe('forecourt-setup as published', () => {
  test('the built bin installs a dealership with no tsx, esbuild or TypeScript importable', async () => {
    const pkg = mkdtempSync(join(tmpdir(), 'forecourt-published-'));
    mkdirSync(join(pkg, 'bin'));
    copyFileSync('bin/forecourt-setup.mjs', join(pkg, 'bin', 'forecourt-setup.mjs'));
    const built = await node(['server/build-setup.mjs', '--outfile', join(pkg, 'dist', 'forecourt-setup.mjs')]);
    assert.equal(built.status, 0, built.stderr + built.stdout);

    writeFileSync(
      join(pkg, 'bin', 'probe.mjs'),
      "for (const m of ['tsx/esm/api', 'esbuild', 'typescript']) { try { await import(m); console.log('found ' + m); } catch { console.log('missing ' + m); } }",
    );
    const probe = await node([join(pkg, 'bin', 'probe.mjs')], { cwd: pkg, env: cleanEnv() });
    assert.deepEqual(probe.stdout.trim().split('\n'), ['missing tsx/esm/api', 'missing esbuild', 'missing typescript']);

    const s = testServer();
    const d = uniqueName('published-motors');
    const name = uniqueName('pat');
    const usersFile = join(pkg, 'users.json');
    writeFileSync(usersFile, JSON.stringify([{ name, password: 'pw-pat', roles: ['salesperson'] }]));
    const args = ['--url', s.adminUrl, '--dealership', d, '--users', usersFile];
    const run = await node([join(pkg, 'bin', 'forecourt-setup.mjs'), ...args], { cwd: pkg, env: cleanEnv() });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /create database/);

    const design = (await http('GET', `${d}/_design/forecourt`)).body;
    assert.equal(
      design.validate_doc_update,
      (await buildDesignDoc(d, defaultPolicy(d))).validate_doc_update,
      'the prebuilt validator is the one the sources build',
    );
    const { id, ...lead } = makeLead(d, 1, { updatedBy: name, salespersonId: name });
    const pat = { name, password: 'pw-pat' };
    assert.equal((await http('PUT', `${d}/${id}`, { _id: id, ...lead }, pat)).status, 201);
    const foreign = makeLead('other-motors', 2, { updatedBy: name });
    assert.equal(
      (await http('PUT', `${d}/${foreign.id}`, { ...foreign, id: undefined, _id: foreign.id }, pat)).status,
      403,
      'the installed validation refuses another dealership',
    );

    const fromSource = await node(['bin/forecourt-setup.mjs', ...args]);
    assert.equal(fromSource.status, 0, fromSource.stderr + fromSource.stdout);
    assert.match(fromSource.stdout, /no changes/);
  });
});
