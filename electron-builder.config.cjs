// electron-builder: the desktop installers that `npm run dist` (scripts/dist.mjs) builds.
// AppImage and .deb on Linux, an NSIS installer on Windows, a dmg on macOS. Build each on its own OS.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** Native production modules; the test in scripts/electron-builder-config.test.ts keeps this list true. */
const NATIVE_MODULES = ['better-sqlite3'];

const electronVersion = JSON.parse(readFileSync(join(__dirname, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
// Must match nativeBuildDir() in scripts/electron-native.mjs; ${os} and ${arch} are the target's.
const nativeBuildDir = `node_modules/.cache/outpost-electron/native/${electronVersion}-\${os}-\${arch}`;

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.outpost.desktop',
  productName: 'Outpost',
  copyright: 'Copyright © Outpost contributors',
  directories: { output: 'dist/installers', buildResources: 'build' },
  files: [
    'package.json',
    'dist/core/**',
    'dist/electron/**',
    'dist/renderer/**',
    '!**/*.map',
    // node_modules holds the Node builds of native modules (for npm test and the headless server)
    // and their sources; the Electron builds made in afterExtract replace them.
    ...NATIVE_MODULES.map((name) => `!node_modules/${name}/{build,deps,src}{,/**}`),
    ...NATIVE_MODULES.map((name) => ({ from: `${nativeBuildDir}/node_modules/${name}/build/Release`, to: `node_modules/${name}/build/Release`, filter: ['*.node'] })),
  ],
  asarUnpack: ['**/*.node'],
  // electron-builder's own rebuild recompiles node_modules in place, after which Node (npm test,
  // npm run serve) can no longer load better-sqlite3. afterExtract builds a separate copy instead.
  npmRebuild: false,
  // After the Electron download, before the app files are copied: the target's platform and arch are known.
  async afterExtract(context) {
    const { Arch } = require('electron-builder');
    const { buildNativeModules } = await import('./scripts/electron-native.mjs');
    const { ELECTRON_READY_MARKER } = await import('./scripts/electron-dist-failure.mjs');
    // Tells scripts/dist.mjs that any later network failure is not the Electron download.
    console.log(`${ELECTRON_READY_MARKER} (${context.appOutDir})`);
    const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
    await buildNativeModules({ electronVersion, platform, arch: Arch[context.arch], os: context.packager.platform.buildConfigurationKey });
  },
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    grantFileProtocolExtraPrivileges: false,
  },
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Education',
    executableName: 'outpost',
    icon: 'build/icon.png',
    synopsis: 'Offline classroom server',
    maintainer: 'Outpost maintainers <outpost@example.org>',
  },
  win: { target: 'nsis', icon: 'build/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: true },
  mac: { target: 'dmg', category: 'public.app-category.education', icon: 'build/icon.png' },
};
