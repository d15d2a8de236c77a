/** The desktop app's own settings, kept in settings.json in the userData folder. */
export interface DesktopSettings {
  /** The HTTP port learners' browsers use; the window uses it on 127.0.0.1. */
  readonly port: number;
  /** Serve learners on the LAN (listen on every interface) or this computer only (127.0.0.1). */
  readonly lanServing: boolean;
}

/** What a fresh install uses: Kolibri's port, so school firewalls already know it, and LAN on. */
export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = Object.freeze({ port: 8080, lanServing: true });

/** The file name of the settings in the userData folder. */
export const DESKTOP_SETTINGS_FILE = 'settings.json';

/** A settings file Outpost cannot use; `message` says what is wrong in words a teacher can act on. */
export class DesktopSettingsError extends Error {
  override readonly name = 'DesktopSettingsError';
}

const KNOWN_KEYS: readonly (keyof DesktopSettings)[] = ['port', 'lanServing'];

/**
 * Parses settings.json. Missing keys take their defaults; a wrong value or an unknown key (often a
 * typo such as "lanserving") is an error naming the key and the value, never silently ignored.
 */
export function parseDesktopSettings(text: string): DesktopSettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DesktopSettingsError(`It is not valid JSON (${(error as Error).message}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DesktopSettingsError('It must be a JSON object such as {"port": 8080, "lanServing": true}.');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      throw new DesktopSettingsError(`Unknown setting "${key}"; the settings are ${KNOWN_KEYS.map((k) => `"${k}"`).join(' and ')}.`);
    }
  }
  const port = record.port ?? DEFAULT_DESKTOP_SETTINGS.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DesktopSettingsError(`"port" must be a whole number from 1 to 65535, got ${JSON.stringify(port)}.`);
  }
  const lanServing = record.lanServing ?? DEFAULT_DESKTOP_SETTINGS.lanServing;
  if (typeof lanServing !== 'boolean') {
    throw new DesktopSettingsError(`"lanServing" must be true or false, got ${JSON.stringify(lanServing)}.`);
  }
  return Object.freeze({ port, lanServing });
}

/** The text written to settings.json: pretty, so a teacher or technician can edit it. */
export function serializeDesktopSettings(settings: DesktopSettings): string {
  return `${JSON.stringify({ port: settings.port, lanServing: settings.lanServing }, null, 2)}\n`;
}

/** Where the core host listens: every interface when LAN serving is on, loopback only when off. */
export function listenAddressFor(settings: DesktopSettings): { readonly host: string; readonly port: number } {
  return Object.freeze({ host: settings.lanServing ? '0.0.0.0' : '127.0.0.1', port: settings.port });
}
