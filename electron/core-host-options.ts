/** How the shell starts the core host: which home folder, which UI, where to listen. */
export interface CoreHostOptions {
  readonly home: string;
  readonly rendererDir: string;
  readonly port: number;
  readonly host: string;
  /**
   * Whether the core advertises and browses on the LAN. The desktop app turns it on; tests that
   * listen on every interface turn it off, since they may send nothing outside loopback.
   */
  readonly discovery: boolean;
}

/**
 * The environment variable that carries the options. The environment, not argv: Node's fork and
 * Electron's utilityProcess lay out process.argv differently, but both pass `env` through as is.
 */
export const CORE_HOST_OPTIONS_ENV = 'OUTPOST_CORE_HOST_OPTIONS';

/** The environment entry that carries `options` to the core host process. */
export function coreHostEnv(options: CoreHostOptions): Record<string, string> {
  const { home, rendererDir, port, host, discovery } = options;
  return { [CORE_HOST_OPTIONS_ENV]: JSON.stringify({ home, rendererDir, port, host, discovery }) };
}

/** Reads what `coreHostEnv` wrote; anything missing or malformed is a bug in the shell and throws. */
export function parseCoreHostEnv(env: NodeJS.ProcessEnv): CoreHostOptions {
  const text = env[CORE_HOST_OPTIONS_ENV];
  if (!text) throw new Error(`The core host needs ${CORE_HOST_OPTIONS_ENV}; it is started by the desktop app.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${CORE_HOST_OPTIONS_ENV} is not JSON.`);
  }
  const { home, rendererDir, port, host, discovery } = (value ?? {}) as Record<string, unknown>;
  if (typeof home !== 'string' || home === '' || typeof rendererDir !== 'string' || typeof host !== 'string' || host === '') {
    throw new Error(`${CORE_HOST_OPTIONS_ENV} needs "home", "rendererDir" and "host".`);
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${CORE_HOST_OPTIONS_ENV} has a bad port: ${JSON.stringify(port)}.`);
  }
  if (typeof discovery !== 'boolean') throw new Error(`${CORE_HOST_OPTIONS_ENV} needs "discovery" (true or false).`);
  return Object.freeze({ home, rendererDir, port, host, discovery });
}
