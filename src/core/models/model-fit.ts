import type { DeviceCaps } from './device-caps.ts';
import type { ModelInfo } from './model-info.ts';

/** Whether a model can run on this device, and why not. */
export interface ModelFit {
  usable: boolean;
  /** Plain-language reasons the model cannot run (empty when usable). */
  problems: string[];
  /** Plain-language cautions that do not block loading. */
  warnings: string[];
}

/** Models that declare no buffer need still bind large weight buffers; phones cap them at 128 MB. */
const SMALL_BINDING_LIMIT = 256 * 1024 * 1024;

/**
 * Decides whether a model can run with the given device capabilities.
 * q4f16 builds need `shader-f16`; models not marked low-resource need large storage buffers.
 */
export function assessModel(model: ModelInfo, caps: DeviceCaps): ModelFit {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!caps.webgpu) problems.push('This browser has no WebGPU, which in-browser models need.');
  if (caps.webgpu && model.needsShaderF16 && !caps.shaderF16) {
    problems.push('Your GPU lacks 16-bit float shaders (shader-f16); pick the q4f32 build of this model.');
  }
  const needed = model.bufferSizeRequired;
  if (caps.webgpu && needed !== undefined && needed > caps.maxStorageBufferBindingSize) {
    problems.push('Your GPU cannot bind buffers as large as this model needs; pick a smaller model.');
  } else if (caps.webgpu && !model.lowResource && caps.maxStorageBufferBindingSize < SMALL_BINDING_LIMIT) {
    problems.push('This device limits GPU buffers to a size too small for this model; pick a model marked for low-resource devices.');
  }
  if (caps.webgpu && model.vramMB > 0 && model.vramMB > 6000) {
    warnings.push('Needs a GPU with more than 6 GB of memory.');
  }
  return { usable: problems.length === 0, problems, warnings };
}
