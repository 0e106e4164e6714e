import { until } from '../components/fixture.js';

/**
 * `until`, with a description built when it times out: the failure shows what the page showed then
 * (e.g. `() => \`live (${status.state})\``).
 */
export async function eventually<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: () => string,
  timeoutMs = 5000,
): Promise<T> {
  try {
    return await until(check, '', timeoutMs);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('timed out waiting for')) throw new Error(`timed out waiting for ${what()}`, { cause: err });
    throw err;
  }
}
