const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

/** Whether `version` is a semantic version (`2.0.0`, `1.4.0-beta.2`; no build metadata). */
export function isSemver(version: string): boolean {
  return version.length <= 64 && SEMVER.test(version);
}

/** Semantic-version order: negative when `a` comes before `b`. A pre-release comes before its release. */
export function compareSemver(a: string, b: string): number {
  const [, ...left] = SEMVER.exec(a)!;
  const [, ...right] = SEMVER.exec(b)!;
  for (let index = 0; index < 3; index++) {
    const difference = Number(left[index]) - Number(right[index]);
    if (difference) return difference;
  }
  return comparePrerelease(left[3], right[3]);
}

function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    if (left[index] === undefined) return -1;
    if (right[index] === undefined) return 1;
    if (left[index] === right[index]) continue;
    const [x, y] = [left[index], right[index]];
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    if (numeric) return Number(x) - Number(y);
    if (/^\d+$/.test(x)) return -1;
    if (/^\d+$/.test(y)) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
