import { msg, type Message } from '../i18n/message.ts';

/** Plain-language reading of a quantization code such as "q4f16_1" (4-bit weights, 16-bit maths); the code itself when unknown. */
export function quantizationLabel(code: string): Message {
  const m = /^q(\d+)f(\d+)/.exec(code);
  if (!m) return msg('models.quantization.code', { code });
  return msg('models.quantization.bits', { code, weights: m[1] ?? '', maths: m[2] ?? '' });
}

/** A size given in (decimal) megabytes, as "844 MB" or "1.6 GB". */
export function formatMegabytes(mb: number): string {
  return mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/** A model's parameter count, e.g. "1.5 billion parameters" (null when unknown). */
export function parametersLabel(billions: number): Message | null {
  return billions > 0 ? msg('models.parameters', { billions }) : null;
}

/** GPU memory given in MB as the engine declares it (binary), shown in GB: "2.0 GB". */
export function formatGpuMemory(mb: number): string {
  return `${(mb / 1024).toFixed(1)} GB`;
}
