import { CoreError } from '../common/core-error.js';

const VERSION_SHAPE = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/** Orders two `major.minor.patch[-pre]` versions: negative when `a` is older, 0 when equal. */
export function compareVersions(a: string, b: string): number {
  const left = VERSION_SHAPE.exec(a);
  const right = VERSION_SHAPE.exec(b);
  if (!left || !right) throw CoreError.bug(`Cannot compare versions "${a}" and "${b}".`);
  for (let part = 1; part <= 3; part += 1) {
    const difference = Number(left[part]) - Number(right[part]);
    if (difference !== 0) return difference;
  }
  // A pre-release comes before its release (0.2.0-beta < 0.2.0); two pre-releases sort as text.
  const [preA, preB] = [left[4], right[4]];
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}
