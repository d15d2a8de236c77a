import type { FacilityDto } from './facilities.js';
import type { UserDto } from './users.js';

/** `GET /api/setup` answer: whether first-run setup has happened (the UI shows setup when not). */
export interface SetupStatusResponse {
  readonly provisioned: boolean;
}

/** `POST /api/setup` body: the first facility and its superuser. Accepted once; then 409 CONFLICT. */
export interface SetupRequest {
  readonly facilityName: string;
  readonly superuser: {
    readonly username: string;
    readonly password: string;
    readonly fullName: string;
  };
}

/** `POST /api/setup` answer (201). The superuser then signs in like anyone else. */
export interface SetupResponse {
  readonly facility: FacilityDto;
  readonly user: UserDto;
}
