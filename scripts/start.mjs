#!/usr/bin/env node
// `npm start`: the whole demo on one machine.
//  1. starts the embedded CouchDB-compatible server (PouchDB Server, data on disk in .data/couch),
//  2. installs the demo dealership with bin/forecourt-setup.mjs (database, _security, design
//     document with the rules, users with their roles, the company policy),
//  3. seeds the server once with the generator (as the server admin, through _bulk_docs),
//  4. runs the Vite dev server for demo/ and prints the URLs and the demo logins.
// Ctrl-C stops everything.
//
// Why the server is seeded from here and not by the first browser: the seeded history is written
// as many people (salespeople, managers), and the server's validate_doc_update rightly refuses a
// browser that pushes documents in someone else's name. Seeding as the server admin writes it
// once; every browser then pulls the same dealership.
//
//   npm start [-- --port 5984] [--demo-port 5173] [--leads 500] [--reset] [--no-seed] [--data-dir .data]
// --data-dir puts the server's data and the generated users/policy files elsewhere than .data
// (a path relative to the project root, or absolute; the end-to-end demo test, test/node/e2e/
// demo.test.ts, runs the demo in a temporary folder of its own).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { freePort, startEmbeddedServer } from '../server/embedded.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};

const DEALERSHIP = 'harbour-motors';
const COMPANY = 'Harbour Motors';
const SEED = 'harbour-motors-demo';
const PASSWORD = 'forecourt-demo';
const leads = Number(flag('--leads', '500'));
const dataDir = resolve(root, flag('--data-dir', '.data'));
const couchDir = join(dataDir, 'couch');

function portIsFree(port) {
  return new Promise((done) => {
    const probe = createNetServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

function run(command, commandArgs) {
  return new Promise((done) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => done({ code: code ?? 1, output }));
  });
}

async function couch(adminUrl, method, path, body) {
  const url = new URL(path, `${adminUrl}/`);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  const res = await fetch(url, {
    method,
    headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const toCouch = (doc) => {
  const { id, ...rest } = doc;
  return { _id: id, ...rest };
};

async function seedServer(adminUrl, seed) {
  const db = encodeURIComponent(DEALERSHIP);
  const probe = await couch(
    adminUrl,
    'GET',
    `${db}/_all_docs?start_key=${encodeURIComponent('"lead:"')}&end_key=${encodeURIComponent('"lead:\ufff0"')}&limit=1`,
  );
  if (probe.status !== 200) throw new Error(`cannot read ${DEALERSHIP}: ${probe.status} ${JSON.stringify(probe.body)}`);
  if (probe.body.rows.length > 0) return { seeded: false, docs: 0, ms: 0 };
  const started = Date.now();
  const options = { seed: SEED, dealershipId: DEALERSHIP, companyName: COMPANY, leads, now: Date.now() };
  let docs = 0;
  let done = 0;
  for (const chunk of seed.generateLeadsInChunks(options, 100)) {
    const batch = [...chunk.leads, ...chunk.events, ...chunk.activity].map(toCouch);
    const res = await couch(adminUrl, 'POST', `${db}/_bulk_docs`, { docs: batch });
    if (res.status >= 400) throw new Error(`_bulk_docs: ${res.status} ${JSON.stringify(res.body)}`);
    const refused = res.body.filter((row) => row.error);
    if (refused.length > 0) throw new Error(`the server refused ${refused.length} seeded documents, e.g. ${JSON.stringify(refused[0])}`);
    docs += batch.length;
    done += chunk.leads.length;
    process.stdout.write(`\r  seeding ${done}/${leads} leads (${docs.toLocaleString('en')} documents)…`);
  }
  process.stdout.write('\n');
  return { seeded: true, docs, ms: Date.now() - started };
}

const stoppers = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  for (const stop of stoppers.reverse()) {
    try {
      await stop();
    } catch {
      // keep stopping the rest
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  if (args.includes('--reset')) {
    console.log(`Deleting ${couchDir} (--reset)`);
    rmSync(couchDir, { recursive: true, force: true });
  }
  mkdirSync(couchDir, { recursive: true });

  const wantedPort = Number(flag('--port', '5984'));
  const port = wantedPort !== 0 && (await portIsFree(wantedPort)) ? wantedPort : await freePort();
  const server = await startEmbeddedServer({ dataDir: couchDir, port });
  stoppers.push(() => server.stop());
  console.log(`CouchDB-compatible server (PouchDB Server): ${server.url}  (data in ${couchDir}; admin ${server.admin.name})`);

  const seed = await tsImport('../src/seed/index.ts', import.meta.url);
  const staff = seed.generateStaff({ seed: SEED, dealershipId: DEALERSHIP, companyName: COMPANY, leads, now: Date.now() });
  const usersFile = join(dataDir, 'demo-users.json');
  const policyFile = join(dataDir, 'demo-policy.json');
  writeFileSync(
    usersFile,
    JSON.stringify(
      staff.users.map((u) => ({
        name: u.userId,
        password: PASSWORD,
        displayName: u.name,
        email: u.email,
        roles: u.roles,
        managerId: u.managerId,
        active: u.active,
      })),
      null,
      2,
    ),
  );
  const { id: _id, type: _type, dealershipId: _d, updatedAt: _u, updatedBy: _b, stamp: _s, ...policy } = staff.policy;
  writeFileSync(policyFile, JSON.stringify(policy, null, 2));

  // The same command an integrator runs against CouchDB installs the demo dealership. A demo
  // that cannot sync would show none of the two-window flows, so a failed install stops here.
  const setupBin = join(root, 'bin', 'forecourt-setup.mjs');
  const setup = await run(process.execPath, [setupBin, '--url', server.adminUrl, '--dealership', DEALERSHIP, '--users', usersFile, '--policy', policyFile]);
  if (setup.code !== 0) {
    throw new Error(`forecourt-setup could not install the demo dealership (exit ${setup.code}):\n${setup.output.trim()}`);
  }
  console.log(`Dealership "${DEALERSHIP}" installed with bin/forecourt-setup.mjs (${staff.users.length} users).`);

  const serverForDemo = server.url;
  if (!args.includes('--no-seed')) {
    const result = await seedServer(server.adminUrl, seed);
    console.log(
      result.seeded
        ? `Seeded ${leads} leads (${result.docs.toLocaleString('en')} documents) in ${(result.ms / 1000).toFixed(1)} s.`
        : 'The server already holds the demo dealership (npm start -- --reset starts over).',
    );
  }

  process.env.VITE_FORECOURT_SERVER = serverForDemo;
  process.env.VITE_FORECOURT_DEALERSHIP = DEALERSHIP;
  process.env.VITE_FORECOURT_PASSWORD = PASSWORD;
  process.env.VITE_FORECOURT_SEED = SEED;
  process.env.VITE_FORECOURT_LEADS = String(leads);
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: join(root, 'vite.config.ts'),
    mode: 'demo',
    server: { port: Number(flag('--demo-port', '5173')), strictPort: false, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  await vite.listen();
  stoppers.push(() => vite.close());
  const base = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`;

  console.log('\nforecourt demo');
  console.log(`  Landing page          ${base}`);
  console.log(`  Harbour Motors site   ${base}dealer/`);
  console.log(`  Partner portal        ${base}portal/`);
  console.log(`  Test mode (hostile names, local only)  ${base}dealer/?mode=test`);
  console.log(`\nDemo logins (pick one in the page's "Acting as" menu; password for all: ${PASSWORD})`);
  for (const u of staff.users) {
    const extras = u.roles.filter((r) => !['salesperson', 'manager', 'admin'].includes(r));
    const base = u.roles.find((r) => ['salesperson', 'manager', 'admin'].includes(r));
    console.log(`  ${u.userId.padEnd(22)} ${u.name.padEnd(22)} ${base}${extras.length ? ` + ${extras.join(', ')}` : ''}`);
  }
  console.log('\nCtrl-C stops the demo and the server.');
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stopAll(1);
}
