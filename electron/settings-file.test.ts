import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../core/test-support/temp-home.js';
import { DesktopSettingsError } from './desktop-settings.js';
import { createSettingsFile } from './settings-file.js';

describe('the settings file', () => {
  let folder: TempHome;
  afterEach(() => folder?.remove());

  it('is created with the defaults on first start, so a technician can find it', () => {
    folder = createTempHome('outpost-settings-');
    const file = createSettingsFile(join(folder.path, 'settings.json'));
    expect(file.load()).toEqual({ port: 8080, lanServing: true });
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ port: 8080, lanServing: true });
  });

  it('keeps what was saved, and leaves no temporary file behind', () => {
    folder = createTempHome('outpost-settings-');
    const file = createSettingsFile(join(folder.path, 'settings.json'));
    file.save({ port: 8123, lanServing: false });
    expect(createSettingsFile(file.path).load()).toEqual({ port: 8123, lanServing: false });
    expect(existsSync(`${file.path}.tmp`)).toBe(false);
  });

  it('refuses a file with a bad value and leaves it as the teacher wrote it', () => {
    folder = createTempHome('outpost-settings-');
    const path = join(folder.path, 'settings.json');
    writeFileSync(path, '{"port": "eighty"}');
    expect(() => createSettingsFile(path).load()).toThrow(DesktopSettingsError);
    expect(readFileSync(path, 'utf8')).toBe('{"port": "eighty"}');
  });
});
