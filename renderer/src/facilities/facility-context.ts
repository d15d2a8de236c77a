import { useOutletContext } from 'react-router';
import type { FacilityDto } from '../../../core/contract/facilities.js';

/** What a facility's pages receive from the facility layout. */
export interface FacilityContext {
  readonly facilityId: string;
  /** Null when the signed-in user may not read the facility itself (a coach). */
  readonly facility: FacilityDto | null;
  /** True when the user may change users and classes here. */
  readonly canManage: boolean;
}

/** The facility of the current page. */
export function useFacility(): FacilityContext {
  return useOutletContext<FacilityContext>();
}
