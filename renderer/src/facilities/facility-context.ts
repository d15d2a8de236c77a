import { useOutletContext } from 'react-router';
import type { FacilityDto } from '../../../core/contract/facilities.js';
import type { SyncConflictDto } from '../../../core/contract/sync-conflicts.js';
import type { QueryResult } from '../api/use-api-query.js';

/** What a facility's pages receive from the facility layout. */
export interface FacilityContext {
  readonly facilityId: string;
  /** Null when the signed-in user may not read the facility itself (a coach). */
  readonly facility: FacilityDto | null;
  /** True when the user may change users and classes here. */
  readonly canManage: boolean;
  /**
   * The facility's sync conflicts, loaded once for the tab's count and the conflicts page; reload
   * it after a sync or a choice. Always empty for someone who may not manage the facility.
   */
  readonly conflicts: QueryResult<readonly SyncConflictDto[]>;
}

/** The facility of the current page. */
export function useFacility(): FacilityContext {
  return useOutletContext<FacilityContext>();
}
