/** Which device wrote a value in a sync conflict. */
export interface ConflictDeviceDto {
  /** `this-device`, a `peer` this device syncs with (paired with it, or a client that synced with it; named by its device name, or its address when it tells none), or `other` (a device it only heard of through a peer). */
  readonly kind: 'this-device' | 'peer' | 'other';
  /** The device's name (else its address) for `peer`; a short instance id for `other`; null for `this-device`. */
  readonly name: string | null;
}

/** The fields an admin compares in a conflict; others (password hashes, ids) never leave the server. */
export type ConflictFieldName = 'username' | 'fullName' | 'birthYear' | 'gender' | 'idNumber' | 'removed' | 'name' | 'description';

/** One value of a record in conflict. */
export interface ConflictValueDto {
  /** Names the value when choosing it (opaque to the UI). */
  readonly valueId: string;
  /** When the edit that produced the value was made (ISO). */
  readonly editedAt: string;
  readonly device: ConflictDeviceDto;
  /** The displayed fields; `removed` is a boolean, the others text, number or null. */
  readonly fields: Readonly<Partial<Record<ConflictFieldName, string | number | boolean | null>>>;
}

/** A record that kept one value while concurrent values from other devices lost. */
export interface SyncConflictDto {
  readonly recordId: string;
  /** What the record is. */
  readonly kind: 'user' | 'class' | 'group' | 'facility' | 'dataset';
  /** What the admin knows it by: a username, a class name. */
  readonly label: string;
  readonly kept: ConflictValueDto;
  /** The values that lost and differ from the kept one in a displayed field, newest first. */
  readonly lost: readonly ConflictValueDto[];
}

/** `GET /api/facilities/:id/sync-conflicts` answer. */
export interface SyncConflictListResponse {
  readonly conflicts: readonly SyncConflictDto[];
}

/**
 * `POST /api/facilities/:id/sync-conflicts/resolve` body: keep `valueId` (the kept value, to
 * dismiss the conflict, or a lost one, which becomes a new edit on this device). Answers the
 * remaining conflicts.
 */
export interface ResolveSyncConflictRequest {
  readonly recordId: string;
  readonly valueId: string;
}
