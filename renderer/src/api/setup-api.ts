import { apiRoutes } from '../../../core/contract/api-routes.js';
import type { SetupRequest, SetupResponse, SetupStatusResponse } from '../../../core/contract/setup.js';
import type { ApiClient } from './api-client.js';

/** First-run provisioning. */
export interface SetupApi {
  status(signal?: AbortSignal): Promise<SetupStatusResponse>;
  provision(request: SetupRequest): Promise<SetupResponse>;
}

/** Creates the setup API over the client. */
export function createSetupApi(client: ApiClient): SetupApi {
  return Object.freeze({
    status: (signal?: AbortSignal) => client.request<SetupStatusResponse>({ path: apiRoutes.setup, signal, anonymous: true }),
    provision: (request: SetupRequest) => client.request<SetupResponse>({ method: 'POST', path: apiRoutes.setup, json: request, anonymous: true }),
  });
}
