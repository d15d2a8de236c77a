import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh home folder under the system temp folder, and a way to remove it. */
export interface TempHome {
  readonly path: string;
  remove(): void;
}

/** Creates a temporary home folder for one test. */
export function createTempHome(prefix = 'outpost-test-'): TempHome {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
