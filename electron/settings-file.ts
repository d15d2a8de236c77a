import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_DESKTOP_SETTINGS, DesktopSettingsError, parseDesktopSettings, serializeDesktopSettings, type DesktopSettings } from './desktop-settings.js';

/** settings.json in the userData folder. */
export interface SettingsFile {
  readonly path: string;
  /** The settings; a missing file is created with the defaults, so a technician can find and edit it. */
  load(): DesktopSettings;
  /** Replaces the file atomically: a crash mid-write never leaves half a file. */
  save(settings: DesktopSettings): void;
}

/** The settings file at `path`. Throws `DesktopSettingsError` for a file Outpost cannot use. */
export function createSettingsFile(path: string): SettingsFile {
  const save = (settings: DesktopSettings) => {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, serializeDesktopSettings(settings));
    renameSync(temporary, path);
  };
  return {
    path,
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new DesktopSettingsError(`It cannot be read (${(error as Error).message}).`);
        }
        try {
          save(DEFAULT_DESKTOP_SETTINGS);
        } catch {
          // A read-only folder still runs with the defaults.
        }
        return DEFAULT_DESKTOP_SETTINGS;
      }
      return parseDesktopSettings(text);
    },
    save,
  };
}
