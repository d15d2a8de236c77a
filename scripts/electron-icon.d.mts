/** The icon as PNG bytes: 512×512, 8-bit RGBA. */
export function iconPng(): Buffer;
