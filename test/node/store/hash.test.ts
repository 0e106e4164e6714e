/**
 * The store works where `crypto.subtle` is missing (browsers withhold it on plain-http origins
 * other than localhost; RxDB's default hash then fails with UT8).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashFunction, hashString } from '../../../src/store/hash.js';
import { openTestStore } from './fixtures.js';

describe('hash without crypto.subtle', () => {
  test('hashString is stable, 28 hex digits, and tells near-identical inputs apart', async () => {
    assert.equal(hashString('lead:1'), hashString('lead:1'));
    assert.match(hashString('lead:1'), /^[0-9a-f]{28}$/);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(hashString(`activity:${i}:audit`));
    assert.equal(seen.size, 20_000);
    assert.equal(await hashFunction(new TextEncoder().encode('abc').buffer as ArrayBuffer), hashString('abc'));
  });

  test('a store opens and runs a command with crypto.subtle removed', async () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    const real = globalThis.crypto;
    Object.defineProperty(globalThis, 'crypto', {
      configurable: true,
      value: { getRandomValues: <T extends ArrayBufferView>(a: T): T => real.getRandomValues(a as never) as T },
    });
    try {
      assert.equal((globalThis.crypto as { subtle?: unknown }).subtle, undefined);
      const store = await openTestStore();
      try {
        const result = await store.execute({ type: 'set-interest', leadId: 'lead:1', interest: 'hot' });
        assert.ok(result.ok);
      } finally {
        await store.remove();
      }
    } finally {
      Object.defineProperty(globalThis, 'crypto', original);
    }
  });
});
