/**
 * Convergence: three clients run hundreds of seeded random commands each, with random offline
 * periods and one restart of the server (data kept on disk); afterwards every client and the
 * server hold the same documents and every acknowledged command has its audit entry.
 * FORECOURT_SEED replays a run; FORECOURT_CONVERGENCE_COMMANDS changes its length.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedServer, type EmbeddedServer } from '../../../server/embedded.mjs';
import { setupDealership } from '../../../server/setup.js';
import { makeLead } from './helpers.js';

const SEED = Number(process.env.FORECOURT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COMMANDS = Number(process.env.FORECOURT_CONVERGENCE_COMMANDS ?? 200);
const CLIENTS = [
  { user: 'mgr', roles: ['manager' as const], manager: true },
  { user: 'sp1', roles: ['salesperson' as const], manager: false },
  { user: 'sp2', roles: ['salesperson' as const], manager: false },
];

class Client {
  readonly child: ChildProcess;
  private waiters: { type: string; resolve: (m: any) => void }[] = [];
  progress = 0;
  constructor(readonly user: string) {
    this.child = fork(fileURLToPath(new URL('./convergence-client.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: any) => {
      if (m.type === 'progress') this.progress = m.done;
      if (m.type === 'error') console.error(`client ${user}: ${m.message}`);
      const i = this.waiters.findIndex((w) => w.type === m.type || m.type === 'error');
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    });
  }
  next(type: string): Promise<any> {
    return new Promise((resolve) => this.waiters.push({ type, resolve }));
  }
  async ask(message: unknown, reply: string): Promise<any> {
    const answer = this.next(reply);
    this.child.send(message as object);
    const m = await answer;
    if (m.type === 'error') throw new Error(`client ${this.user}: ${m.message}`);
    return m;
  }
}

/** Rejects with `what` past `ms`, so the test's clean-up still runs when a client is stuck. */
function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()} after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => !k.startsWith('_') && o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

async function serverDocs(server: EmbeddedServer, db: string): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/${db}/_all_docs?include_docs=true`, {
    headers: { authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` },
  });
  const body = (await res.json()) as { rows: { id: string; doc: Record<string, unknown> }[] };
  const out: Record<string, string> = {};
  for (const row of body.rows) {
    if (row.id.startsWith('_design/')) continue;
    const { _id, ...rest } = row.doc;
    out[row.id] = canonical({ ...rest, id: _id });
  }
  return out;
}

test(
  `convergence: ${CLIENTS.length} clients × ${COMMANDS} random commands, offline periods, a server restart (seed ${SEED})`,
  { timeout: 300_000 },
  async () => {
    console.log(`convergence seed: ${SEED} (replay with FORECOURT_SEED=${SEED})`);
    const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-convergence-'));
    let server = await startEmbeddedServer({ dataDir });
    const db = 'converge-motors';
    const clients: Client[] = [];
    try {
      await setupDealership({
        url: server.adminUrl,
        dealershipId: db,
        users: CLIENTS.map((c) => ({ name: c.user, password: `pw-${c.user}`, roles: c.roles })),
      });
      const docs = Array.from({ length: 15 }, (_, i) => {
        const { id, ...rest } = makeLead(db, i + 1, { updatedBy: 'admin' });
        return { _id: id, ...rest };
      });
      await fetch(`${server.adminUrl.replace(/\/\/.*@/, '//')}/${db}/_bulk_docs`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}`,
        },
        body: JSON.stringify({ docs }),
      });

      for (const c of CLIENTS) clients.push(new Client(c.user));
      await Promise.all(clients.map((c) => c.next('ready')));
      const finished = CLIENTS.map((c, i) =>
        clients[i]!.ask(
          {
            cmd: 'start',
            url: server.url,
            dealershipId: db,
            user: c.user,
            password: `pw-${c.user}`,
            seed: SEED + i * 7919,
            commands: COMMANDS,
            manager: c.manager,
          },
          'finished',
        ),
      );

      // Restart the server (same port, same data on disk) while the clients are busy.
      const deadline = Date.now() + 120_000;
      while (clients.some((c) => c.progress < COMMANDS * 0.4) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const port = server.port;
      const atStop = clients.map((c) => c.progress).join(', ');
      await server.stop();
      await new Promise((r) => setTimeout(r, 1000));
      server = await startEmbeddedServer({ dataDir, port });
      console.log(`server stopped with the clients at ${atStop} and restarted at ${clients.map((c) => c.progress).join(', ')} of ${COMMANDS} commands`);

      const results = await within(
        Promise.all(finished),
        120_000,
        () => `clients stuck at ${clients.map((c) => `${c.user} ${c.progress}`).join(', ')} of ${COMMANDS} commands`,
      );
      if (process.env.FORECOURT_DEBUG) console.log('all clients finished their commands');
      const acked = results.flatMap((r) => r.acked as string[]);
      assert.ok(acked.length > COMMANDS, `most commands were acknowledged (${acked.length})`);

      // Let everyone catch up: each client syncs in turn until all agree with the server.
      let agreed = false;
      let lastDiff = '';
      for (let round = 0; round < 6 && !agreed; round++) {
        for (const c of clients) {
          const synced = await within(c.ask({ cmd: 'sync' }, 'synced'), 60_000, () => `${c.user} not in sync`);
          if (process.env.FORECOURT_DEBUG) console.log(`round ${round}: ${c.user} synced ${JSON.stringify(synced.status)}`);
        }
        const server$ = await serverDocs(server, db);
        const snapshots = await Promise.all(clients.map((c) => c.ask({ cmd: 'snapshot' }, 'snapshot')));
        agreed = true;
        for (const [i, snap] of snapshots.entries()) {
          const local: Record<string, string> = {};
          for (const [id, doc] of Object.entries(snap.docs as Record<string, unknown>)) local[id] = canonical(doc);
          const ids = new Set([...Object.keys(local), ...Object.keys(server$)]);
          const differing = [...ids].filter((id) => local[id] !== server$[id]);
          if (differing.length) {
            agreed = false;
            const id = differing[0]!;
            const l = local[id] ? (JSON.parse(local[id]!) as Record<string, unknown>) : null;
            const r = server$[id] ? (JSON.parse(server$[id]!) as Record<string, unknown>) : null;
            const keys = l && r ? Object.keys({ ...l, ...r }).filter((k) => canonical(l[k]) !== canonical(r[k])) : [];
            const show = (d: Record<string, unknown> | null) => (d ? canonical(Object.fromEntries(keys.map((k) => [k, d[k]]))) : 'missing');
            const missingHere = differing.filter((x) => !local[x]).length;
            const missingThere = differing.filter((x) => !server$[x]).length;
            lastDiff = `client ${clients[i]!.user}: ${differing.length} documents differ (${missingHere} missing locally, ${missingThere} missing on the server), e.g. ${id}: local ${show(l)} / server ${show(r)}`;
          }
        }
      }
      assert.ok(agreed, lastDiff);

      const final = await serverDocs(server, db);
      console.log(`converged: ${acked.length} acknowledged commands, ${Object.keys(final).length} documents on the server and on every client`);
      const missing = acked.filter((commandId) => !final[`activity:${commandId}:audit`]);
      assert.deepEqual(missing, [], 'every acknowledged command has its audit entry on the server');
    } finally {
      await Promise.all(
        clients
          .map((c) =>
            c
              .ask({ cmd: 'exit' }, 'never')
              .catch(() => undefined)
              .then(() => undefined),
          )
          .map((p) => Promise.race([p, new Promise((r) => setTimeout(r, 3000))])),
      );
      for (const c of clients) c.child.kill();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
