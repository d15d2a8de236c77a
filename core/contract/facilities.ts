/** A facility (a school or learning centre) as the API shows it. */
export interface FacilityDto {
  readonly id: string;
  readonly name: string;
  /** The sync root of the facility's data. */
  readonly datasetId: string;
  readonly dateCreated: string;
  /** Active (not removed) users. */
  readonly userCount: number;
  readonly classCount: number;
}

/** `GET /api/facilities` answer: the facilities the caller may see (all of them for a superuser). */
export interface FacilityListResponse {
  readonly facilities: readonly FacilityDto[];
}

/** `POST /api/facilities` body (superusers only). */
export interface CreateFacilityRequest {
  readonly name: string;
}

/** `PATCH /api/facilities/:id` body. */
export interface UpdateFacilityRequest {
  readonly name?: string;
}

/** `DELETE /api/facilities/:id` answer: how many active users were removed with it (and signed out). */
export interface DeleteFacilityResponse {
  readonly signedOut: number;
}

/** A facility as the sign-in page lists it to anyone: its name and id, nothing more. */
export interface PublicFacilityDto {
  readonly id: string;
  readonly name: string;
}

/** `GET /api/public/facilities` answer (no session needed): the facilities one can sign in to. */
export interface PublicFacilityListResponse {
  readonly facilities: readonly PublicFacilityDto[];
}
