#!/usr/bin/env node
import { createCore, isCoreError, type Core } from '../index.js';
import { parseSyncOptions } from './sync-options.js';

/** Exit code for bad flags, as `serve` uses. */
const EXIT_CONFIG = 2;

/**
 * `npm run sync -- --home DIR --peer URL --facility ID --username U --password P`: syncs a headless
 * server's facility with a peer, pairing first when this home has no such peer yet. Into a home
 * that is not set up, it imports the facility and completes setup as the HTTP "import a facility"
 * path does (`DeviceSetupService.setUpFromPeer`). Prints one line per finished stage and a
 * summary. Run it while the server on that home is stopped, or use the HTTP API
 * (`POST /api/sync/peers/:id/sync`).
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
    const { setup } = core.facility;
    const credentials = { username: options.username, password: options.password, facilityId: options.facilityId };
    const steps = {
      pair: async () => {
        const known = peers.list().find((peer) => peer.address === options.peer && peer.facilityId === options.facilityId);
        if (known) return known;
        const peer = await peers.add({ address: options.peer, ...credentials });
        console.log(`Paired with ${peer.address} for facility ${peer.facilityId}.`);
        return peer;
      },
      importFrom: (peer: { readonly id: string }) => peers.sync(peer.id),
    };
    const stop = peers.onDidProgress((progress) => {
      if (progress.status === 'COMPLETED') console.log(`${progress.direction} ${progress.stage.toLowerCase()}: ${progress.recordsDone}/${progress.recordsTotal ?? '?'} records`);
    });
    const fresh = !setup.isProvisioned();
    // Into an empty home, the same code as the setup page's "import from another device": pair,
    // import, then complete setup, so the home opens on sign-in and not on first-run setup.
    const { imported: outcome } = fresh
      ? await setup.setUpFromPeer(credentials, steps).finally(stop)
      : await steps.pair().then(async (peer) => ({ peer, imported: await steps.importFrom(peer).finally(stop) }));
    if (fresh && setup.isProvisioned()) console.log(`Set this device up with facility ${options.facilityId}; ${options.username} is its superuser.`);
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
