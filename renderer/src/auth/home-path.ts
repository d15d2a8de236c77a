import type { UserDto } from '../../../core/contract/users.js';

/** Where a user lands after signing in: the page of their main job. */
export function homePath(user: UserDto): string {
  if (user.isSuperuser) return '/facilities';
  const facility = `/facilities/${encodeURIComponent(user.facilityId)}`;
  if (user.kind === 'admin') return `${facility}/users`;
  if (user.kind === 'coach') return `${facility}/classes`;
  return '/home';
}

/** True for users who manage a facility's users and classes. */
export function canManageFacility(user: UserDto, facilityId: string): boolean {
  return user.isSuperuser || (user.kind === 'admin' && user.facilityId === facilityId);
}
