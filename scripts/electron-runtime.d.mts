/** The project root (the folder holding package.json). */
export const projectRoot: string;
/** The version of the electron package the project pins. */
export function electronVersion(root?: string): string;
/** The Electron executable when it has been downloaded (or ELECTRON_OVERRIDE_DIST_PATH names one), else undefined. */
export function electronBinary(root?: string, env?: NodeJS.ProcessEnv): string | undefined;
/** One line saying why the desktop app cannot run here, or undefined when it can. */
export function missingElectronReason(root?: string, env?: NodeJS.ProcessEnv): string | undefined;
