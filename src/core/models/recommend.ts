import { msg, type Message } from '../i18n/message.ts';
import type { DeviceCaps } from './device-caps.ts';
import type { ModelFit } from './model-fit.ts';
import type { ModelInfo } from './model-info.ts';

/** A model with its fit on this device, as the model manager lists it. */
export interface FittedModel {
  info: ModelInfo;
  fit: ModelFit;
}

/** RAM assumed when the browser does not say (Firefox and Safari hide `deviceMemory`). */
const DEFAULT_MEMORY_GB = 4;
/** A model "comfortably fits" when it needs at most this share of the device's memory. */
const COMFORTABLE_SHARE = 0.5;
/** Software adapters (SwiftShader) run on the CPU: only the smallest models answer in reasonable time. */
const SOFTWARE_BUDGET_MB = 1200;
/** Phones and tablets (128 MB binding limit) share little memory with the GPU. */
const SMALL_DEVICE_BUDGET_MB = 2000;
const SMALL_BINDING_LIMIT = 256 * 1024 * 1024;

/**
 * GPU memory, in MB, that a model may use on this device without crowding it: half the RAM
 * the browser reports (4 GB assumed when unknown), less on phones and software adapters.
 */
export function memoryBudgetMB(caps: DeviceCaps): number {
  const ramMB = (caps.memoryGB ?? DEFAULT_MEMORY_GB) * 1024;
  let budget = ramMB * COMFORTABLE_SHARE;
  if (caps.maxStorageBufferBindingSize > 0 && caps.maxStorageBufferBindingSize < SMALL_BINDING_LIMIT) {
    budget = Math.min(budget, SMALL_DEVICE_BUDGET_MB);
  }
  if (caps.isFallbackAdapter) budget = Math.min(budget, SOFTWARE_BUDGET_MB);
  return Math.round(budget);
}

/** Larger first; at equal size Qwen3 before Qwen2.5, then the build that needs less memory. */
function preferred(a: ModelInfo, b: ModelInfo): number {
  if (a.billions !== b.billions) return b.billions - a.billions;
  if (a.family !== b.family) return a.family === 'Qwen3' ? -1 : b.family === 'Qwen3' ? 1 : 0;
  return a.vramMB - b.vramMB;
}

/**
 * The default model for this device: the largest usable Qwen from the engine's list whose
 * memory need fits {@link memoryBudgetMB}; when none fits, the usable one that needs least.
 * Custom models are never recommended. Returns null when nothing is usable.
 */
export function recommendModel(models: readonly FittedModel[], caps: DeviceCaps): ModelInfo | null {
  const usable = models.filter((m) => m.fit.usable && !m.info.custom).map((m) => m.info);
  if (usable.length === 0) return null;
  const budget = memoryBudgetMB(caps);
  const comfortable = usable.filter((m) => m.vramMB > 0 && m.vramMB <= budget).sort(preferred);
  if (comfortable[0]) return comfortable[0];
  return [...usable].sort((a, b) => a.vramMB - b.vramMB)[0] ?? null;
}

/**
 * The next smaller usable model after `modelId` failed for lack of memory: among those that
 * need less GPU memory, the largest, in its leanest build. Null when it was already the smallest.
 */
export function smallerModel(models: readonly FittedModel[], modelId: string): ModelInfo | null {
  const current = models.find((m) => m.info.id === modelId)?.info;
  const usable = models.filter((m) => m.fit.usable && !m.info.custom && m.info.id !== modelId).map((m) => m.info);
  const limit = current && current.vramMB > 0 ? current.vramMB : Number.POSITIVE_INFINITY;
  const smaller = usable.filter((m) => m.vramMB > 0 && m.vramMB < limit).sort(preferred);
  return smaller[0] ?? null;
}

/** Why the memory budget is what it is, in plain words (for the recommendation). */
export function budgetReason(caps: DeviceCaps): Message {
  if (caps.isFallbackAdapter) return msg('models.budget.software');
  if (caps.maxStorageBufferBindingSize > 0 && caps.maxStorageBufferBindingSize < SMALL_BINDING_LIMIT) return msg('models.budget.phone');
  if (caps.memoryGB) return msg('models.budget.half', { memory: caps.memoryGB });
  return msg('models.budget.assumed');
}
