import { describe, expect, it } from 'vitest';
import { describeDistFailure, ELECTRON_READY_MARKER } from './electron-dist-failure.mjs';

// What electron-builder 26 printed on this offline machine for `npm run dist -- --dir`.
const offlineRun = `  • electron-builder  version=26.17.0 os=6.18.44
  • loaded configuration  file=/work/main/electron-builder.config.cjs
  • packaging       platform=linux arch=x64 electron=45.4.1 appOutDir=dist/installers/linux-unpacked
  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/work/main/node_modules/got/dist/source/core/index.js:970:111)
`;

describe('npm run dist, when electron-builder fails', () => {
  it('says in one line that the Electron download is unreachable, and what to do', () => {
    const line = describeDistFailure(offlineRun, { electronVersion: '45.4.1' });
    expect(line).toBe(
      'outpost dist: cannot download Electron 45.4.1 (no internet access: getaddrinfo ENOTFOUND github.com); installers need the Electron download, so run npm run dist on a machine with internet.',
    );
    expect(line).not.toContain('\n');
  });

  it.each(['connect ECONNREFUSED 140.82.121.4:443', 'connect ETIMEDOUT 140.82.121.4:443', 'getaddrinfo EAI_AGAIN github.com', 'socket hang up'])(
    'recognises %s as no internet access',
    (error) => {
      expect(describeDistFailure(`  ⨯ ${error}\n`, { electronVersion: '45.4.1' })).toMatch(/^outpost dist: cannot download Electron 45\.4\.1 \(no internet access/);
    },
  );

  it('blames the packaging tools, not Electron, for a download that fails after Electron was unpacked', () => {
    const output = `${ELECTRON_READY_MARKER} (dist/installers/linux-unpacked)\n  ⨯ getaddrinfo ENOTFOUND github.com\n`;
    expect(describeDistFailure(output, { electronVersion: '45.4.1' })).toMatch(/^outpost dist: cannot download electron-builder's packaging tools/);
  });

  it('passes on why better-sqlite3 could not be built for Electron', () => {
    const output = `${ELECTRON_READY_MARKER}\n  ⨯ cannot build better-sqlite3 for Electron 45.4.1 (linux-x64): node-gyp failed to rebuild  failedTask=build\n`;
    expect(describeDistFailure(output, { electronVersion: '45.4.1' })).toBe(
      'outpost dist: cannot build better-sqlite3 for Electron 45.4.1 (linux-x64): node-gyp failed to rebuild  failedTask=build',
    );
  });

  it('leaves other failures to electron-builder’s own output', () => {
    expect(describeDistFailure('  ⨯ Application entry file "dist/electron/main.js" does not exist\n', { electronVersion: '45.4.1' })).toBeUndefined();
  });
});
