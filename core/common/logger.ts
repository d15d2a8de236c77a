/** The narrow logging surface the core uses; the host decides where lines go. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** A logger that drops everything (tests that do not care about logs). */
export const silentLogger: Logger = Object.freeze({ info() {}, warn() {}, error() {} });
