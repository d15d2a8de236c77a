/** Outpost's version, kept equal to package.json's by a test. */
export const OUTPOST_VERSION = '0.1.0';
