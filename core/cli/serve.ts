#!/usr/bin/env node
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, isCoreError, type Core } from '../index.js';
import { lanAddresses } from './lan-addresses.js';
import { parseServeOptions } from './serve-options.js';

/** Exit code for bad configuration (flags, home folder, port), as opposed to a crash. */
const EXIT_CONFIG = 2;

// dist/core/cli/serve.js → dist/renderer
const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'renderer');

const logger = {
  info: (message: string) => console.log(message),
  warn: (message: string) => console.warn(`warning: ${message}`),
  error: (message: string, error?: unknown) => console.error(`error: ${message}`, error ?? ''),
};

async function main(): Promise<void> {
  let core: Core | undefined;
  try {
    const options = parseServeOptions(process.argv.slice(2), process.env);
    core = await createCore({
      home: options.home,
      rendererDir,
      logger,
      trustedProxies: options.trustedProxies,
      allowedHosts: options.allowedHosts,
      sync: { allowLoopbackPeers: options.allowLoopbackPeers },
      discovery: options.discovery,
      startSyncWorkerAtListen: true,
    });
    if (options.allowLoopbackPeers) logger.warn('--allow-loopback-peers: peer requests may reach this machine’s loopback services. Use it for tests only.');
    const url = await core.listen({ port: options.port, host: options.host });
    const port = new URL(url).port;
    console.log(`Outpost ${core.version} is serving ${options.home}`);
    console.log(`Open ${url}/ in a browser.`);
    if (options.host === '0.0.0.0') {
      for (const address of lanAddresses()) console.log(`Learners on the LAN: http://${address}:${port}/`);
    }
    const lan = core.discovery();
    // Interfaces that appear later are picked up by themselves (docs/sync.md, LAN discovery).
    const names = lan?.interfaces.map((iface) => iface.name).join(', ');
    console.log(lan ? (names ? `LAN discovery on ${names}.` : 'LAN discovery on, waiting for a network interface.') : 'LAN discovery is off.');
  } catch (error) {
    await core?.close().catch(() => {});
    if (isCoreError(error, 'MIGRATION_FAILED')) {
      console.error(`outpost: ${error.message}`);
      process.exit(1);
    }
    if (isCoreError(error, 'CONFIG_INVALID')) {
      console.error(`outpost: ${error.message}`);
      process.exit(EXIT_CONFIG);
    }
    console.error('outpost: could not start:', error);
    process.exit(1);
  }
  const running = core;
  const stop = (signal: string) => {
    console.log(`Received ${signal}; closing databases.`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('outpost: error while closing:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
