/** The folder `electron <folder>` runs. */
export function stageDir(root?: string): string;
/** The build outputs the desktop app needs, missing from dist/; empty when all are there. */
export function missingBuildOutputs(root?: string): string[];
/** Lays out the app for the Electron runtime and answers its folder; builds native modules for Electron the first time. */
export function stageDesktopApp(options?: { root?: string; log?: (message: string) => void }): Promise<string>;
