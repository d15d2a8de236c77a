import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../core/test-support/temp-home.js';
import { nativeModuleNames } from './electron-native.mjs';

describe('native modules needing an Electron build', () => {
  let tree: TempHome;
  afterEach(() => tree?.remove());

  function lay(files: Record<string, object | string>) {
    tree = createTempHome('outpost-native-');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(tree.path, path)), { recursive: true });
      writeFileSync(join(tree.path, path), typeof content === 'string' ? content : JSON.stringify(content));
    }
    return tree.path;
  }

  it('are the production dependencies, direct or nested, that have a binding.gyp', () => {
    const root = lay({
      'package.json': { dependencies: { sqlite: '1', web: '1' }, devDependencies: { tool: '1' } },
      'node_modules/sqlite/package.json': { name: 'sqlite', dependencies: { bindings: '1' } },
      'node_modules/sqlite/binding.gyp': '{}',
      'node_modules/bindings/package.json': { name: 'bindings' },
      'node_modules/web/package.json': { name: 'web', dependencies: { hasher: '1' } },
      'node_modules/web/node_modules/hasher/package.json': { name: 'hasher' },
      'node_modules/web/node_modules/hasher/binding.gyp': '{}',
      'node_modules/tool/package.json': { name: 'tool' },
      'node_modules/tool/binding.gyp': '{}',
    });
    expect(nativeModuleNames(root)).toEqual(['hasher', 'sqlite']);
  });

  it('skip an optional dependency that is not installed', () => {
    const root = lay({
      'package.json': { dependencies: { web: '1' } },
      'node_modules/web/package.json': { name: 'web', optionalDependencies: { fsevents: '1' } },
    });
    expect(nativeModuleNames(root)).toEqual([]);
  });

  it('are just better-sqlite3 in this project', () => {
    expect(nativeModuleNames()).toEqual(['better-sqlite3']);
  });
});
