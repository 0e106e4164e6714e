import type { Stamp } from '../model/index.js';

export const ZERO_STAMP: Stamp = { at: 0, deviceId: '', by: '' };

/** Orders stamps: greater `at` wins, then the greater deviceId, then the greater user id. */
export function compareStamps(a: Stamp | undefined, b: Stamp | undefined): number {
  const x = a ?? ZERO_STAMP;
  const y = b ?? ZERO_STAMP;
  if (x.at !== y.at) return x.at < y.at ? -1 : 1;
  if (x.deviceId !== y.deviceId) return x.deviceId < y.deviceId ? -1 : 1;
  if (x.by !== y.by) return x.by < y.by ? -1 : 1;
  return 0;
}
