import { resolveCpuModel } from '../../core/models/cpu-models.ts';
import { deleteModel, isModelCached } from './model-cache.ts';
import { mapWllamaError } from './wllama-errors.ts';
import { createModelCache } from './wllama-runtime.ts';

/** Whether the CPU model (catalogue id or GGUF URL) is completely in the browser cache. */
export async function isCpuModelCached(modelId: string): Promise<boolean> {
  return isModelCached(await createModelCache(), resolveCpuModel(modelId).url);
}

/**
 * Deletes the CPU model's cached (possibly partial) files.
 * @throws EngineError when the cache cannot be changed.
 */
export async function deleteCpuModel(modelId: string): Promise<void> {
  const source = resolveCpuModel(modelId);
  try {
    await deleteModel(await createModelCache(), source.url);
  } catch (error) {
    throw mapWllamaError(error, source.label);
  }
}
