/** Printed by the afterExtract hook: from here on, Electron has been downloaded and unpacked. */
export const ELECTRON_READY_MARKER: string;
/** The one line `npm run dist` ends with when electron-builder failed, or undefined when the failure is none of the known kinds. */
export function describeDistFailure(output: string, options: { electronVersion: string }): string | undefined;
