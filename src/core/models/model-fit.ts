import { msg, type Message } from '../i18n/message.ts';
import type { DeviceCaps } from './device-caps.ts';
import type { ModelInfo } from './model-info.ts';

/** Whether a model can run on this device, and why not. */
export interface ModelFit {
  usable: boolean;
  /** Plain-language reasons the model cannot run (empty when usable). */
  problems: Message[];
  /** Plain-language cautions that do not block loading. */
  warnings: Message[];
}

/** Models that declare no buffer need still bind large weight buffers; phones cap them at 128 MB. */
const SMALL_BINDING_LIMIT = 256 * 1024 * 1024;

/**
 * Decides whether a model can run with the given device capabilities.
 * q4f16 builds need `shader-f16`; models not marked low-resource need large storage buffers.
 */
export function assessModel(model: ModelInfo, caps: DeviceCaps): ModelFit {
  const problems: Message[] = [];
  const warnings: Message[] = [];
  if (!caps.webgpu) problems.push(msg('models.fit.noWebGpu'));
  if (caps.webgpu && model.needsShaderF16 && !caps.shaderF16) problems.push(msg('models.fit.noShaderF16'));
  const needed = model.bufferSizeRequired;
  if (caps.webgpu && needed !== undefined && needed > caps.maxStorageBufferBindingSize) {
    problems.push(msg('models.fit.bufferTooLarge'));
  } else if (caps.webgpu && !model.lowResource && caps.maxStorageBufferBindingSize < SMALL_BINDING_LIMIT) {
    problems.push(msg('models.fit.smallBuffers'));
  }
  if (caps.webgpu && model.vramMB > 0 && model.vramMB > 6000) warnings.push(msg('models.fit.bigMemory'));
  return { usable: problems.length === 0, problems, warnings };
}
