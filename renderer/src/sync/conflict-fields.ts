import type { ConflictDeviceDto, ConflictFieldName, SyncConflictDto } from '../../../core/contract/sync-conflicts.js';

/** The order fields are shown in, the way the user form lists them. */
const FIELD_ORDER: readonly ConflictFieldName[] = ['username', 'fullName', 'birthYear', 'gender', 'idNumber', 'removed', 'name', 'description'];

/** A field's value in words-to-be: a translation key with its variables, or the text itself. */
export type FieldWords =
  | { readonly key: 'conflicts.removed' | 'conflicts.active' | 'conflicts.notSet' | 'conflicts.gender.female' | 'conflicts.gender.male' | 'conflicts.gender.not-specified' }
  | { readonly text: string };

/** Who made an edit, as a translation key and the name it carries. */
export type DeviceWords =
  | { readonly key: 'conflicts.device.thisDevice' }
  | { readonly key: 'conflicts.device.peer' | 'conflicts.device.other'; readonly name: string };

/**
 * The fields where some losing value differs from the kept one: the admin compares only these,
 * not a whole record of identical values.
 */
export function differingFields(conflict: SyncConflictDto): ConflictFieldName[] {
  return FIELD_ORDER.filter((name) => conflict.lost.some((value) => !sameValue(value.fields[name], conflict.kept.fields[name])));
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** How a field's value reads: "Removed"/"Active" for `removed`, a gender's name, "Not set" for nothing. */
export function fieldWords(name: ConflictFieldName, value: string | number | boolean | null | undefined): FieldWords {
  if (name === 'removed') return { key: value === true ? 'conflicts.removed' : 'conflicts.active' };
  if (value === null || value === undefined || value === '') return { key: 'conflicts.notSet' };
  if (name === 'gender' && (value === 'female' || value === 'male' || value === 'not-specified')) return { key: `conflicts.gender.${value}` };
  return { text: String(value) };
}

/** "this device", a peer by its address without the scheme ("192.168.1.20:8080"), or "another device (abc12345)". */
export function deviceWords(device: ConflictDeviceDto): DeviceWords {
  if (device.kind === 'this-device') return { key: 'conflicts.device.thisDevice' };
  if (device.kind === 'peer') return { key: 'conflicts.device.peer', name: (device.name ?? '').replace(/^https?:\/\//, '').replace(/\/+$/, '') };
  return { key: 'conflicts.device.other', name: device.name ?? '' };
}
