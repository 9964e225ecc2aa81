/**
 * Ranks of `values` from 1 (smallest) up; tied values share the average of the ranks they
 * span (e.g. [10, 20, 20, 30] → [1, 2.5, 2.5, 4]).
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]?.index ?? 0] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation of paired values: Pearson's correlation of their average ranks
 * (so ties are handled exactly), from −1 to 1. Null when it is undefined: fewer than two pairs,
 * lists of different lengths, a value that is not a finite number, or one side all equal.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n || ![...xs, ...ys].every(Number.isFinite)) return null;
  const rx = averageRanks(xs);
  const ry = averageRanks(ys);
  const mean = (n + 1) / 2;
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] ?? 0) - mean;
    const dy = (ry[i] ?? 0) - mean;
    cov += dx * dy;
    vx += dx * dx;
    vy += dy * dy;
  }
  if (vx === 0 || vy === 0) return null;
  return Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy)));
}
