import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sourceHash, SYNTH_CACHE_ROOT } from './synth-cache';

/**
 * Jest's global setup: removes the cached templates of sources that are gone (each change to
 * lib/ leaves a directory of about 40 templates of 160 kB behind), keeping the current ones.
 */
export default function pruneSynthCache(): void {
  const current = sourceHash();
  let entries: string[];
  try {
    entries = readdirSync(SYNTH_CACHE_ROOT);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry !== current) rmSync(join(SYNTH_CACHE_ROOT, entry), { recursive: true, force: true });
  }
}
