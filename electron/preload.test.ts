import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SHELL_INFO_CHANNEL, SHELL_INFO_GLOBAL, type ShellInfo } from './shell-info.js';

const source = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');
// Compiled the way tsconfig.build.json compiles it: a .cts file becomes CommonJS.
const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, fileName: 'preload.cts' }).outputText;

interface PreloadRun {
  readonly exposed: Map<string, unknown>;
  readonly channels: string[];
  readonly required: string[];
}

/** Runs the real preload in a bare context, as a sandboxed renderer would, with `reply` from the main process. */
function runPreload(reply: unknown): PreloadRun {
  const exposed = new Map<string, unknown>();
  const channels: string[] = [];
  const required: string[] = [];
  const electron = {
    ipcRenderer: {
      sendSync(channel: string) {
        channels.push(channel);
        return reply;
      },
    },
    contextBridge: {
      exposeInMainWorld(key: string, value: unknown) {
        exposed.set(key, value);
      },
    },
  };
  const require = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(`(function (require, module, exports) {${compiled}\n})`, {})(require, module, module.exports);
  return { exposed, channels, required };
}

describe('the preload', () => {
  const info: ShellInfo = { apiBaseUrl: 'http://127.0.0.1:8080', appVersion: '0.1.0' };

  it('exposes exactly { apiBaseUrl, appVersion } as window.outpost', () => {
    const { exposed } = runPreload(info);
    expect([...exposed.keys()]).toEqual([SHELL_INFO_GLOBAL]);
    const surface = exposed.get(SHELL_INFO_GLOBAL) as object;
    expect(Object.keys(surface).sort()).toEqual(['apiBaseUrl', 'appVersion']);
    expect(surface).toEqual(info);
    expect(Object.isFrozen(surface)).toBe(true);
  });

  it('asks the main process on the channel the main process answers', () => {
    expect(runPreload(info).channels).toEqual([SHELL_INFO_CHANNEL]);
  });

  it('passes on nothing but the two fields, whatever else the reply carries', () => {
    const surface = runPreload({ ...info, ipcRenderer: {}, require: () => {} }).exposed.get(SHELL_INFO_GLOBAL);
    expect(surface).toEqual(info);
  });

  it('exposes nothing when the main process refuses the frame or answers nonsense', () => {
    expect(runPreload(null).exposed.size).toBe(0);
    expect(runPreload({ apiBaseUrl: 42, appVersion: '0.1.0' }).exposed.size).toBe(0);
    expect(runPreload('http://127.0.0.1:8080').exposed.size).toBe(0);
  });

  it('requires nothing but electron, which is all a sandboxed preload may load', () => {
    expect(runPreload(info).required).toEqual(['electron']);
  });

  it('checks its surface against ShellInfo with satisfies', () => {
    expect(source).toMatch(/\}\s+satisfies ShellInfo;/);
  });
});
