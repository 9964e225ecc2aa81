import type { Localized } from '../persona/index.ts';

/** Plain-language reading of a quantization code such as "q4f16_1" (4-bit weights, 16-bit maths); the code itself when unknown. */
export function quantizationLabel(code: string): Localized {
  const m = /^q(\d+)f(\d+)/.exec(code);
  if (!m) return { en: code, zh: code };
  return { en: `${code}: ${m[1]}-bit weights, ${m[2]}-bit maths`, zh: `${code}：${m[1]} 位权重，${m[2]} 位浮点计算` };
}

/** A size given in (decimal) megabytes, as "844 MB" or "1.6 GB". */
export function formatMegabytes(mb: number): string {
  return mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/** A model's parameter count, e.g. "1.5 billion parameters" (empty when unknown). */
export function parametersLabel(billions: number): Localized {
  return billions > 0 ? { en: `${billions} billion parameters`, zh: `${billions}B 参数` } : { en: '', zh: '' };
}

/** GPU memory given in MB as the engine declares it (binary), shown in GB: "2.0 GB". */
export function formatGpuMemory(mb: number): string {
  return `${(mb / 1024).toFixed(1)} GB`;
}
