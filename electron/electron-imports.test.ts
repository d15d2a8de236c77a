import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The only files that load the electron module at runtime; everything else runs (and is tested) under plain Node. */
const RUNTIME_ELECTRON_FILES = ['desktop-app.ts', 'main.ts', 'preload.cts', 'utility-host-process.ts'];

const sources = readdirSync(new URL('.', import.meta.url)).filter((name) => /\.c?ts$/.test(name) && !name.endsWith('.test.ts'));

/** Whether a source loads 'electron' as a value (type-only imports vanish when compiled). */
function loadsElectron(source: string): boolean {
  const valueImport = /^import\s+(?!type\s)[^;]*?from\s+'electron'/m.test(source);
  const requireImport = /require\('electron'\)/.test(source);
  return valueImport || requireImport;
}

describe('the electron module', () => {
  it('is loaded at runtime only by the entry, the composition root, the utilityProcess adapter and the preload', () => {
    expect(sources.filter((name) => loadsElectron(readFileSync(new URL(name, import.meta.url), 'utf8'))).sort()).toEqual(RUNTIME_ELECTRON_FILES);
  });

  it('is recognised whether imported as a value or only as types', () => {
    expect(loadsElectron("import { app } from 'electron';")).toBe(true);
    expect(loadsElectron("import electron = require('electron');")).toBe(true);
    expect(loadsElectron("import type { App } from 'electron';")).toBe(false);
  });
});
