// Starts PouchDB Server (from npm) as the embedded CouchDB-compatible server, always with an admin.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitUntilUp(url, child, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PouchDB Server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PouchDB Server did not answer at ${url} within ${deadlineMs} ms`);
}

/**
 * Starts PouchDB Server on loopback. `dataDir` keeps data on disk (LevelDB); without it the
 * server keeps everything in memory. The admin is written to the server's config before it
 * starts, so it is never in "admin party" mode.
 * @returns {Promise<{url: string, adminUrl: string, admin: {name: string, password: string}, port: number, stop: () => Promise<void>}>}
 */
export async function startEmbeddedServer({ dataDir, port, admin = { name: 'admin', password: 'forecourt-admin' }, quiet = true } = {}) {
  const workDir = dataDir ? resolve(dataDir) : mkdtempSync(join(tmpdir(), 'forecourt-pouchdb-'));
  mkdirSync(workDir, { recursive: true });
  writeFileSync(
    join(workDir, 'config.json'),
    JSON.stringify(
      {
        admins: { [admin.name]: admin.password },
        couch_httpd_auth: { timeout: 3600, require_valid_user: false },
        log: { file: join(workDir, 'log.txt'), level: 'error' },
      },
      null,
      2,
    ),
  );
  const chosenPort = port ?? (await freePort());
  const args = [bin, '--host', '127.0.0.1', '--port', String(chosenPort), '--config', join(workDir, 'config.json')];
  if (dataDir) args.push('--dir', workDir);
  else args.push('--in-memory');
  const child = spawn(process.execPath, args, {
    cwd: workDir,
    stdio: quiet ? 'ignore' : 'inherit',
  });
  const url = `http://127.0.0.1:${chosenPort}`;
  await waitUntilUp(url, child, 15000);
  const adminUrl = `http://${encodeURIComponent(admin.name)}:${encodeURIComponent(admin.password)}@127.0.0.1:${chosenPort}`;
  return {
    url,
    adminUrl,
    admin,
    port: chosenPort,
    dataDir: workDir,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
