import { apiRoutes } from '../../../core/contract/api-routes.js';
import type { RestoreResponse } from '../../../core/contract/backup.js';
import type { SetupRequest, SetupResponse, SetupStatusResponse } from '../../../core/contract/setup.js';
import type { ApiClient } from './api-client.js';

/** First-run provisioning. */
export interface SetupApi {
  status(signal?: AbortSignal): Promise<SetupStatusResponse>;
  provision(request: SetupRequest): Promise<SetupResponse>;
  /** Restores a backup file onto this new device; BACKUP_INVALID (nothing changed) for a bad file. */
  restore(file: Blob): Promise<RestoreResponse>;
}

/** Creates the setup API over the client. */
export function createSetupApi(client: ApiClient): SetupApi {
  return Object.freeze({
    status: (signal?: AbortSignal) => client.request<SetupStatusResponse>({ path: apiRoutes.setup, signal, anonymous: true }),
    provision: (request: SetupRequest) => client.request<SetupResponse>({ method: 'POST', path: apiRoutes.setup, json: request, anonymous: true }),
    restore: (file: Blob) => client.request<RestoreResponse>({ method: 'POST', path: apiRoutes.setupRestore, raw: { body: file, contentType: 'application/octet-stream' }, anonymous: true }),
  });
}
