import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../core/test-support/temp-home.js';
import { chromiumHint, findChromium, isExecutable, playwrightChromium } from './find-chromium.mjs';

describe('the Chromium the browser tests use', () => {
  let tree: TempHome | undefined;
  afterEach(() => {
    tree?.remove();
    tree = undefined;
  });

  /** A file standing in for a browser binary; executable unless told otherwise. */
  function binary(name: string, executable = true) {
    const path = join(folder(), name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, executable ? 0o755 : 0o644);
    return path;
  }

  function folder() {
    tree ??= createTempHome('outpost-chromium-');
    return tree.path;
  }

  function nowhere() {
    return join(folder(), 'absent');
  }

  it('is OUTPOST_CHROMIUM first, even when the others exist', () => {
    const own = binary('own');
    expect(findChromium({ OUTPOST_CHROMIUM: own }, binary('debian'), binary('playwright'))).toEqual({ path: own, source: 'OUTPOST_CHROMIUM' });
  });

  it('names a set OUTPOST_CHROMIUM that is not runnable instead of silently using another browser', () => {
    const notRunnable = binary('plain', false);
    const choice = findChromium({ OUTPOST_CHROMIUM: notRunnable }, binary('debian'), binary('playwright'));
    expect(choice.path).toBeUndefined();
    expect(choice.problem).toBe(`OUTPOST_CHROMIUM is ${notRunnable}, which is not an executable file; unset it or point it at a Chromium binary.`);
  });

  it('is Debian\'s Chromium when OUTPOST_CHROMIUM is unset or empty', () => {
    const debian = binary('debian');
    expect(findChromium({}, debian, binary('playwright'))).toEqual({ path: debian, source: 'debian' });
    expect(findChromium({ OUTPOST_CHROMIUM: '' }, debian, binary('playwright'))).toEqual({ path: debian, source: 'debian' });
  });

  it('is Playwright\'s download when there is no Debian Chromium, asking the registry only then', () => {
    const downloaded = binary('playwright');
    let asked = 0;
    const registry = () => {
      asked += 1;
      return downloaded;
    };
    expect(findChromium({}, binary('debian'), registry).source).toBe('debian');
    expect(asked).toBe(0);
    expect(findChromium({}, nowhere(), registry)).toEqual({ path: downloaded, source: 'playwright' });
    expect(asked).toBe(1);
  });

  it('is the one-line hint when the registry\'s path was never downloaded, or there is no registry', () => {
    expect(findChromium({}, nowhere(), nowhere())).toEqual({ problem: chromiumHint });
    expect(findChromium({}, nowhere(), () => undefined)).toEqual({ problem: chromiumHint });
    expect(findChromium({}, binary('debian', false), undefined)).toEqual({ problem: chromiumHint });
    expect(chromiumHint).not.toContain('\n');
    expect(chromiumHint).toContain('apt-get install -y chromium');
    expect(chromiumHint).toContain('npx playwright install chromium');
  });

  it('does not take a folder for a browser', () => {
    const chrome = join(folder(), 'chrome');
    mkdirSync(chrome);
    expect(isExecutable(chrome)).toBe(false);
    expect(findChromium({}, chrome, chrome)).toEqual({ problem: chromiumHint });
  });

  it('reads Playwright\'s registry path from the installed playwright-core', () => {
    expect(playwrightChromium()).toMatch(/ms-playwright|chrom/i);
  });
});
