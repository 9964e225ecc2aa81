/** Timing helpers for the retrieval benchmark. */

/** The q-quantile (0..1) of a list of numbers (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** Runs `fn` once and returns its wall and process CPU time in ms, and its result. */
export function timed<T>(fn: () => T): { ms: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, value };
}

/** "wall (CPU)" of one timed run, whole ms. */
export function wallCpu(t: { ms: number; cpu: number }): string {
  return `${t.ms.toFixed(0)} (${t.cpu.toFixed(0)})`;
}

/** Per-call wall-clock and process CPU times in ms. */
export interface CallTimes {
  wall: number[];
  cpu: number[];
}

/**
 * Times `fn` on every input after `warmup` untimed runs. CPU time (process user + system)
 * shows the cost without the waiting caused by other processes on a shared machine.
 */
export function timeEach<I>(inputs: readonly I[], fn: (input: I) => unknown, warmup = 5): CallTimes {
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) fn(inputs[i]!);
  const times: CallTimes = { wall: [], cpu: [] };
  for (const input of inputs) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn(input);
    times.wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    times.cpu.push((c.user + c.system) / 1000);
  }
  return times;
}

/** "p50 / p95" of wall time, then the CPU p50 in brackets, in ms. */
export function p50p95(times: CallTimes): string {
  return `${quantile(times.wall, 0.5).toFixed(2)} / ${quantile(times.wall, 0.95).toFixed(2)} (${quantile(times.cpu, 0.5).toFixed(2)})`;
}

/** Approximate bytes of a structured-clone value made of strings, numbers, arrays and typed arrays. */
export function approxBytes(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value === 'string') return value.length * 2;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + approxBytes(v), 0);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce((n: number, v) => n + approxBytes(v), 0);
  return 8;
}
