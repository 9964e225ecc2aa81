import { CPU_MODELS } from './cpu-models.ts';
import type { DeviceCaps } from './device-caps.ts';
import { recommendModel, type FittedModel } from './recommend.ts';

/** The model the first-run screen downloads, with what it tells the user about it. */
export interface FirstModel {
  /** `webllm` on the GPU; `wllama`, the CPU engine, where WebGPU is missing or runs none of the models. */
  engine: 'webllm' | 'wllama';
  modelId: string;
  /** Short name, e.g. "Qwen3 1.7B". */
  name: string;
  /** Download size in MB. */
  downloadMB: number;
}

/**
 * The first model for this device: the recommended WebLLM model (the largest that comfortably
 * fits, see `recommend.ts`), or the CPU engine's smallest model (the quickest to answer on a
 * processor) when the browser has no WebGPU or none of the GPU models can run.
 */
export function firstModel(device: DeviceCaps, models: readonly FittedModel[]): FirstModel {
  const gpu = device.webgpu ? recommendModel(models, device) : null;
  if (gpu) return { engine: 'webllm', modelId: gpu.id, name: `${gpu.family} ${gpu.billions}B`, downloadMB: gpu.downloadMB };
  const cpu = [...CPU_MODELS].sort((a, b) => a.downloadMB - b.downloadMB)[0]!;
  return { engine: 'wllama', modelId: cpu.id, name: `${cpu.family} ${cpu.billions}B`, downloadMB: cpu.downloadMB };
}

/** A progress reading: when (ms) and how far (0 to 1). */
export interface ProgressSample {
  at: number;
  fraction: number;
}

/** Progress must have run this long before a time left is estimated (the first second is mostly set-up). */
const MIN_ELAPSED_MS = 1000;

/**
 * Seconds left, at the rate progress moved from `first` to `latest`; null until it has moved
 * for at least a second (an estimate from less would jump around).
 */
export function secondsLeft(first: ProgressSample, latest: ProgressSample): number | null {
  const elapsed = latest.at - first.at;
  const done = latest.fraction - first.fraction;
  if (elapsed < MIN_ELAPSED_MS || done <= 0) return null;
  return Math.max(0, Math.round(((1 - latest.fraction) * elapsed) / done / 1000));
}
