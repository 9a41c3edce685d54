/** Longer names are not compared: no suggestion is worth quadratic work on a hostile list. */
const MAX_NAME = 256;

/** The names closest to `name` (edit distance up to a third of its length, at most 3), closest first. */
export function closestNames(name: string, names: string[], limit = 3): string[] {
  const budget = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  if (name.length > MAX_NAME) return [];
  return names
    .filter((candidate) => candidate.length <= MAX_NAME)
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= budget)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
