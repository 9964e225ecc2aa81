/** Copies a row-major `[rows, width]` matrix into one Float32Array per row. */
export function splitRows(data: Float32Array, rows: number, width: number): Float32Array[] {
  return Array.from({ length: rows }, (_, r) => data.slice(r * width, (r + 1) * width));
}

/** Scales `v` in place to unit length (an all-zero vector stays zero) and returns it. */
export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm;
  return v;
}
