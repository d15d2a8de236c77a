/** Hands a downloaded file to the browser's "save" flow. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: the download has taken its own reference by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name safe on every operating system, from a facility name. */
export function exportFileName(facilityName: string, date: Date): string {
  const base = facilityName.trim().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'facility';
  return `${base}-users-${date.toISOString().slice(0, 10)}.csv`;
}
