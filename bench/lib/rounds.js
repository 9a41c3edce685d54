// Interleaved rounds: every row measured once per round, the order rotated by one each round, so that a slow patch of
// this shared machine falls on different rows; each row warms up right before its first measurement.

/** rows: [{ warmUp(), measure() }]; returns, per row, its figures in round order. */
export async function interleave(rows, rounds) {
  const figures = rows.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let position = 0; position < rows.length; position++) {
      const index = (position + round) % rows.length;
      if (round === 0) await rows[index].warmUp();
      figures[index].push(await rows[index].measure());
    }
  }
  return figures;
}

/** Seconds of load before a row's first measurement. */
export const WARMUP_SECONDS = 2;
