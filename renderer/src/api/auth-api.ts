import { apiRoutes } from '../../../core/contract/api-routes.js';
import type {
  CurrentSessionResponse,
  SessionListResponse,
  SignInRequest,
  SignInResponse,
  SignOutOthersResponse,
} from '../../../core/contract/auth.js';
import type { ApiClient } from './api-client.js';
import { ApiError } from './api-error.js';

/** Sign-in, sign-out and "my signed-in devices". */
export interface AuthApi {
  /** The session of this browser's cookie, or null when there is none (start-up check). */
  currentSession(signal?: AbortSignal): Promise<CurrentSessionResponse | null>;
  /** The same check for a signed-in window: a 401 here means the session ended. */
  verifySession(): Promise<CurrentSessionResponse>;
  signIn(request: SignInRequest): Promise<SignInResponse>;
  signOut(): Promise<void>;
  sessions(signal?: AbortSignal): Promise<SessionListResponse>;
  signOutOthers(): Promise<SignOutOthersResponse>;
}

/** Creates the auth API over the client. */
export function createAuthApi(client: ApiClient): AuthApi {
  return Object.freeze({
    async currentSession(signal?: AbortSignal) {
      try {
        return await client.request<CurrentSessionResponse>({ path: apiRoutes.currentSession, signal, anonymous: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    verifySession: () => client.request<CurrentSessionResponse>({ path: apiRoutes.currentSession }),
    signIn: (request: SignInRequest) =>
      client.request<SignInResponse>({ method: 'POST', path: apiRoutes.signIn, json: request, anonymous: true }),
    signOut: () => client.request<void>({ method: 'POST', path: apiRoutes.signOut }),
    sessions: (signal?: AbortSignal) => client.request<SessionListResponse>({ path: apiRoutes.mySessions, signal }),
    signOutOthers: () => client.request<SignOutOthersResponse>({ method: 'DELETE', path: apiRoutes.myOtherSessions }),
  });
}
