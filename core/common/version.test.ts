import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPOST_VERSION } from './version.js';

describe('OUTPOST_VERSION', () => {
  it('equals the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(OUTPOST_VERSION).toBe(pkg.version);
  });
});
