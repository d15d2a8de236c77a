import { hostname } from 'node:os';
import type { DeviceSetupService } from './facility/index.js';
import type { SyncSettings } from './sync/index.js';

/** The machine's host name without its domain: a device's name until an admin gives it one. */
export function shortHostName(): string {
  return hostname().split('.')[0] || 'Outpost';
}

/** This device's name as peers and learners see it: the admin's choice, else the host name. Both threads use it. */
export function deviceNameOf(setup: Pick<DeviceSetupService, 'deviceName'>): string {
  return setup.deviceName() ?? shortHostName();
}

/** When automatic syncs run, from the sync settings. */
export function autoSyncTiming(settings: SyncSettings): { readonly intervalMs: number; readonly retryMs: number; readonly maxBackoffMs: number } {
  return { intervalMs: settings.autoSyncIntervalMs, retryMs: settings.autoSyncRetryMs, maxBackoffMs: settings.autoSyncMaxBackoffMs };
}
