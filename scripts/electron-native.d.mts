/** Production dependencies (direct or not) that compile C/C++ code: these need an Electron build. */
export function nativeModuleNames(root?: string): string[];
/** Where the Electron builds for one target live. */
export function nativeBuildDir(options: { root?: string; electronVersion: string; os: string; arch: string }): string;
/** A native module could not be built for Electron; `message` is one line. */
export class NativeBuildError extends Error {}
/** Builds every native production module for Electron into `nativeBuildDir`, unless an identical build is there; answers that folder. */
export function buildNativeModules(options: {
  root?: string;
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  os: string;
  log?: (message: string) => void;
}): Promise<string>;
/** The compiled addons of a module (build/Release/*.node). */
export function builtAddons(moduleDir: string): string[];
