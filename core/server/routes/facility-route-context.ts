import { z } from 'zod';
import type { FacilityService } from '../../facility/index.js';
import type { SessionManager } from '../../sessions/session-manager.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import type { Permissions } from '../permissions.js';

/** What the facility, user and class routes are built from; each route names the parts of the facility domain it uses. */
export interface FacilityRouteContext<Parts extends keyof FacilityService = keyof FacilityService> {
  readonly facility: Pick<FacilityService, Parts>;
  readonly permissions: Permissions;
  /** For the sessions a password change ends. */
  readonly sessions: SessionManager;
  /** Wrong current passwords count against the same budget as failed sign-ins. */
  readonly throttle: SignInThrottle;
}

/** The most ids one bulk request may name. */
export const MAX_BULK_IDS = 10_000;

/** An `:id` path parameter. Well-formed but unknown ids answer 404 from the service. */
export const idParams = z.strictObject({ id: z.string().min(1, 'Required').max(64, 'Not an id') });

/** A list of ids in a body. */
export const idArray = z.array(z.string().min(1, 'Required').max(64, 'Not an id')).max(MAX_BULK_IDS, `At most ${MAX_BULK_IDS} ids at a time`);
