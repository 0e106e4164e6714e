/**
 * "Another device" writing straight on the test server: a command decided by the rules' own
 * decide() (what another device's store would write, so the documents are complete and valid),
 * sent with raw HTTP `_bulk_docs` as the server admin. Only the transport is raw; a page whose
 * store syncs with that database must then follow live.
 */
import { expect } from '@open-wc/testing';
import { firstValueFrom } from 'rxjs';
import type { Actor, Command, LeadDoc } from '../../../src/model/index.js';
import { decide } from '../../../src/rules/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { DEALERSHIP } from '../components/fixture.js';
import { adminFetch, remoteDoc } from './test-server.js';

/** The other device: mia, the manager, on a tablet on the lot. */
const OTHER_DEVICE: Actor = { userId: 'mia', dealershipId: DEALERSHIP, roles: ['manager'], managerId: '', deviceId: 'device-on-the-lot' };

/**
 * Runs `command` on another device against `database` and writes what it decided on the server.
 * `leadId` names the lead it acts on, read from the server (null: it creates one). The company's
 * policy and users are read from `store` (the same as the server's once synced). Resolves with the
 * command's outcome (e.g. the new lead's `leadId`).
 */
export async function fromAnotherDevice(store: LeadStore, database: string, command: Command, leadId: string | null): Promise<Record<string, string>> {
  let lead: LeadDoc | undefined;
  let rev: string | undefined;
  if (leadId) {
    const { _id, _rev, ...rest } = (await remoteDoc(database, leadId))!;
    lead = { id: _id, ...rest } as unknown as LeadDoc;
    rev = _rev as string;
  }
  const decided = decide(
    command,
    { policy: await firstValueFrom(store.policy$), users: await firstValueFrom(store.users$), lead, events: [] },
    { actor: OTHER_DEVICE, now: Date.now(), commandId: `lot-${Math.random().toString(36).slice(2, 10)}` },
  );
  if (!decided.ok) throw new Error(`the rules refused the other device's ${command.type}: ${decided.error.code}`);
  const docs = [...decided.value.leads, ...decided.value.activity, ...decided.value.events].map(({ id, ...body }) => ({
    _id: id,
    ...(id === leadId ? { _rev: rev } : {}),
    ...body,
  }));
  const res = await adminFetch(`/${database}/_bulk_docs`, { method: 'POST', body: JSON.stringify({ docs }) });
  const rows = (await res.json()) as { id: string; ok?: boolean; error?: string }[];
  expect(
    rows.filter((r) => !r.ok),
    'every document written on the server',
  ).to.deep.equal([]);
  return decided.value.outcome;
}
