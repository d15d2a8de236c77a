/** The profile of facility data (facilities, users, classes, roles, memberships, and later logs). */
export const FACILITY_DATA_PROFILE = 'facilitydata';
