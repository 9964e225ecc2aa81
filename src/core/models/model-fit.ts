import type { Localized } from '../persona/index.ts';
import type { DeviceCaps } from './device-caps.ts';
import type { ModelInfo } from './model-info.ts';

/** Whether a model can run on this device, and why not. */
export interface ModelFit {
  usable: boolean;
  /** Plain-language reasons the model cannot run (empty when usable). */
  problems: Localized[];
  /** Plain-language cautions that do not block loading. */
  warnings: Localized[];
}

/** Models that declare no buffer need still bind large weight buffers; phones cap them at 128 MB. */
const SMALL_BINDING_LIMIT = 256 * 1024 * 1024;

/**
 * Decides whether a model can run with the given device capabilities.
 * q4f16 builds need `shader-f16`; models not marked low-resource need large storage buffers.
 */
export function assessModel(model: ModelInfo, caps: DeviceCaps): ModelFit {
  const problems: Localized[] = [];
  const warnings: Localized[] = [];
  if (!caps.webgpu) {
    problems.push({ en: 'This browser has no WebGPU, which in-browser models need.', zh: '这个浏览器没有 WebGPU，而在浏览器中运行模型需要它。' });
  }
  if (caps.webgpu && model.needsShaderF16 && !caps.shaderF16) {
    problems.push({
      en: 'Your GPU lacks 16-bit float shaders (shader-f16); pick the q4f32 build of this model.',
      zh: '你的 GPU 不支持 16 位浮点着色器（shader-f16）；请选择这个模型的 q4f32 版本。',
    });
  }
  const needed = model.bufferSizeRequired;
  if (caps.webgpu && needed !== undefined && needed > caps.maxStorageBufferBindingSize) {
    problems.push({
      en: 'Your GPU cannot bind buffers as large as this model needs; pick a smaller model.',
      zh: '你的 GPU 无法绑定这个模型所需大小的缓冲区；请选择更小的模型。',
    });
  } else if (caps.webgpu && !model.lowResource && caps.maxStorageBufferBindingSize < SMALL_BINDING_LIMIT) {
    problems.push({
      en: 'This device limits GPU buffers to a size too small for this model; pick a model marked for low-resource devices.',
      zh: '这台设备限制的 GPU 缓冲区大小对这个模型来说太小；请选择标明适合低配置设备的模型。',
    });
  }
  if (caps.webgpu && model.vramMB > 0 && model.vramMB > 6000) {
    warnings.push({ en: 'Needs a GPU with more than 6 GB of memory.', zh: '需要显存超过 6 GB 的 GPU。' });
  }
  return { usable: problems.length === 0, problems, warnings };
}
