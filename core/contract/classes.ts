import type { UserDto } from './users.js';

/** A class as the API lists it. */
export interface ClassDto {
  readonly id: string;
  readonly facilityId: string;
  readonly name: string;
  readonly dateCreated: string;
  readonly learnerCount: number;
  readonly coachCount: number;
}

/** `GET /api/classes/:id` answer: the class with its active learners and coaches. */
export interface ClassDetailDto extends ClassDto {
  readonly learners: readonly UserDto[];
  readonly coaches: readonly UserDto[];
}

/** `GET /api/facilities/:id/classes` answer: all classes for an admin, a coach's own classes for a coach. */
export interface ClassListResponse {
  readonly classes: readonly ClassDto[];
}

/** `POST /api/facilities/:id/classes` body; also `PATCH /api/classes/:id`. */
export interface CreateClassRequest {
  readonly name: string;
}

/** `PUT /api/classes/:id/learners` and `PUT /api/classes/:id/coaches` body: the complete new list. */
export interface SetClassMembersRequest {
  readonly userIds: readonly string[];
}
