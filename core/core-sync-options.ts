import type { FacilityService } from './facility/index.js';
import { deviceNameOf } from './device-name.js';
import { createHttpTransport, type SyncServiceOptions, type SyncSettings } from './sync/index.js';

/**
 * The sync service options both threads build alike from the settings and the facility service:
 * tuning, how peers are reached (with the address policy and timeouts), and what the
 * protocol tells and refuses (the device's name, facilities it no longer holds, the line of syncs).
 */
export function coreSyncOptions(
  settings: SyncSettings,
  facility: Pick<FacilityService, 'setup' | 'facilities'>,
): Pick<
  SyncServiceOptions,
  'chunkSize' | 'pageSize' | 'concurrency' | 'transportFor' | 'peerSyncConcurrency' | 'deviceName' | 'holdsDataset' | 'facilityName' | 'admission' | 'queueRetryMs'
> {
  return {
    chunkSize: settings.chunkSize,
    pageSize: settings.pageSize,
    concurrency: settings.concurrency,
    transportFor: (address, reach) =>
      createHttpTransport({
        baseUrl: address,
        policy: { reach, allowLoopback: settings.allowLoopbackPeers },
        retries: settings.retries,
        backoffMs: settings.backoffMs,
        timeouts: { connectMs: settings.connectTimeoutMs, headersMs: settings.headersTimeoutMs, totalMs: settings.requestTimeoutMs },
      }),
    peerSyncConcurrency: settings.peerSyncConcurrency,
    deviceName: () => deviceNameOf(facility.setup),
    holdsDataset: (datasetId) => facility.facilities.holdsDataset(datasetId),
    facilityName: (facilityId) => facility.facilities.getFacility(facilityId)?.name,
    admission: { limit: settings.serverSyncConcurrency, idleMs: settings.serverSessionIdleMs },
    queueRetryMs: settings.queueRetryMs,
  };
}
