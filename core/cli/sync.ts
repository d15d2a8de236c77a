#!/usr/bin/env node
import { createCore, isCoreError, type Core } from '../index.js';
import { parseSyncOptions } from './sync-options.js';

/** Exit code for bad flags, as `serve` uses. */
const EXIT_CONFIG = 2;

/**
 * `npm run sync -- --home DIR --peer URL --facility ID --username U --password P`: syncs a headless
 * server's facility with a peer, pairing first when this home has no such peer yet (and importing
 * the facility when the home holds none). Prints one line per finished stage and a summary. Run it
 * while the server on that home is stopped, or use the HTTP API (`POST /api/sync/peers/:id/sync`).
 */
async function main(): Promise<void> {
  let options;
  try {
    options = parseSyncOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`outpost sync: ${(error as Error).message}`);
    process.exit(EXIT_CONFIG);
  }
  let core: Core | undefined;
  try {
    core = await createCore({ home: options.home, sync: { allowLoopbackPeers: options.allowLoopbackPeers } });
    const { peers } = core.sync;
    const known = peers.list().find((peer) => peer.address === options.peer && peer.facilityId === options.facilityId);
    const peer = known ?? (await peers.add({ address: options.peer, username: options.username, password: options.password, facilityId: options.facilityId }));
    if (!known) console.log(`Paired with ${peer.address} for facility ${peer.facilityId}.`);
    const stop = peers.onDidProgress((progress) => {
      if (progress.status === 'COMPLETED') console.log(`${progress.direction} ${progress.stage.toLowerCase()}: ${progress.recordsDone}/${progress.recordsTotal ?? '?'} records`);
    });
    const outcome = await peers.sync(peer.id);
    stop();
    console.log(`Sync ${outcome.status}: pushed ${outcome.pushed}, pulled ${outcome.pulled} records in ${outcome.durationMs} ms.`);
    await core.close();
    process.exit(outcome.status === 'completed' ? 0 : 1);
  } catch (error) {
    await core?.close().catch(() => {});
    if (isCoreError(error, 'CONFIG_INVALID')) {
      console.error(`outpost sync: ${error.message}`);
      process.exit(EXIT_CONFIG);
    }
    console.error(`outpost sync: ${isCoreError(error) && error.code !== 'INTERNAL' ? error.message : String(error)}`);
    process.exit(1);
  }
}

void main();
