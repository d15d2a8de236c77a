import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration, FileSet } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { iconPng } from './electron-icon.mjs';
import { nativeBuildDir, nativeModuleNames } from './electron-native.mjs';
import { electronVersion, projectRoot } from './electron-runtime.mjs';

const config = createRequire(import.meta.url)('../electron-builder.config.cjs') as Configuration;
const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { main: string; version: string };
const fileSets = (config.files as (string | FileSet)[]).filter((entry): entry is FileSet => typeof entry !== 'string');
const patterns = (config.files as (string | FileSet)[]).filter((entry): entry is string => typeof entry === 'string');

describe('the installer configuration', () => {
  it('names the app and builds AppImage and deb, NSIS and dmg', () => {
    expect(config.appId).toBe('org.outpost.desktop');
    expect(config.productName).toBe('Outpost');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toBe('nsis');
    expect(config.mac?.target).toBe('dmg');
    // The version is package.json's: electron-builder reads it there, so the config must not override it.
    expect(config.extraMetadata?.version).toBeUndefined();
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('packs the built app and package.json, not the installers it is writing', () => {
    expect(patterns).toEqual(expect.arrayContaining(['package.json', 'dist/core/**', 'dist/electron/**', 'dist/renderer/**']));
    expect(manifest.main).toBe('dist/electron/main.js');
    expect(config.directories?.output).toBe('dist/installers');
    expect(patterns.some((pattern) => pattern.startsWith('dist/installers') || pattern === 'dist/**')).toBe(false);
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or --inspect; cookies encrypted; only the checked app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('never rebuilds node_modules in place, which would break better-sqlite3 for Node', () => {
    expect(config.npmRebuild).toBe(false);
    expect(typeof config.afterExtract).toBe('function');
  });

  it('replaces the Node build of exactly the native production modules with their Electron build', () => {
    const native = nativeModuleNames();
    expect(native).toEqual(['better-sqlite3']);
    const dir = nativeBuildDir({ root: '.', electronVersion: electronVersion(), os: '${os}', arch: '${arch}' }).replaceAll('\\', '/');
    expect(fileSets).toEqual(
      native.map((name) => ({ from: `${dir.replace(/^\.\//, '')}/node_modules/${name}/build/Release`, to: `node_modules/${name}/build/Release`, filter: ['*.node'] })),
    );
    for (const name of native) expect(patterns).toContain(`!node_modules/${name}/{build,deps,src}{,/**}`);
    expect(config.asarUnpack).toEqual(['**/*.node']);
  });

  it('uses an icon large enough for every platform (512×512 PNG), and the committed one is current', () => {
    const png = readFileSync(join(projectRoot, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    expect(png.equals(iconPng()), 'build/icon.png is stale: run node scripts/electron-icon.mjs').toBe(true);
  });
});
