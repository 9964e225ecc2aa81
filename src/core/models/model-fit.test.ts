import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english } from '../i18n/message.ts';
import type { DeviceCaps } from './device-caps.ts';
import { assessModel } from './model-fit.ts';
import { describeModel, isOfferedQwen } from './model-info.ts';

const swiftshader: DeviceCaps = {
  webgpu: true,
  shaderF16: false,
  maxStorageBufferBindingSize: 1024 ** 3,
  maxBufferSize: 1024 ** 3,
  isFallbackAdapter: true,
  description: 'swiftshader',
};

describe('describeModel', () => {
  it('reads size, quantization and needs from a Qwen record', () => {
    const m = describeModel({ model_id: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC', vram_required_MB: 1629.75, low_resource_required: true });
    expect(m).toMatchObject({ family: 'Qwen2.5', billions: 1.5, quantization: 'q4f16_1', needsShaderF16: true, lowResource: true, contextWindow: 4096 });
    expect(m.downloadMB).toBe(844);
    expect(describeModel({ model_id: 'Qwen3-0.6B-q4f32_1-MLC' })).toMatchObject({ family: 'Qwen3', billions: 0.6, needsShaderF16: false });
  });

  it('offers plain Qwen 2.5 / 3 models only', () => {
    expect(isOfferedQwen('Qwen3-4B-q4f16_1-MLC')).toBe(true);
    expect(isOfferedQwen('Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC')).toBe(false);
    expect(isOfferedQwen('Llama-3.2-1B-Instruct-q4f16_1-MLC')).toBe(false);
    expect(isOfferedQwen('Qwen3-0.6B-q0f16-MLC')).toBe(false);
  });
});

describe('assessModel', () => {
  const f16 = describeModel({ model_id: 'Qwen3-1.7B-q4f16_1-MLC', low_resource_required: true });
  const f32 = describeModel({ model_id: 'Qwen3-1.7B-q4f32_1-MLC', low_resource_required: true });

  it('marks q4f16 unusable without shader-f16 and points to q4f32', () => {
    const fit = assessModel(f16, swiftshader);
    expect(fit.usable).toBe(false);
    expect(fit.problems.map(english).join(' ')).toMatch(/q4f32/);
    expect(fit.problems.map(inChinese).join(' ')).toMatch(/shader-f16.*q4f32 版本/);
    expect(assessModel(f32, swiftshader).usable).toBe(true);
  });

  it('warns about models that need a large GPU without blocking them', () => {
    const big = describeModel({ model_id: 'Qwen3-8B-q4f32_1-MLC', vram_required_MB: 6852 });
    expect(assessModel(big, swiftshader).warnings.map(english).join(' ')).toMatch(/more than 6 GB/);
    expect(assessModel(big, swiftshader).warnings.map(inChinese).join(' ')).toMatch(/显存超过 6 GB/);
    expect(assessModel(big, swiftshader).usable).toBe(true);
    expect(assessModel(f32, swiftshader).warnings).toEqual([]);
  });

  it('blocks everything without WebGPU', () => {
    const none: DeviceCaps = { ...swiftshader, webgpu: false, unavailableReason: 'no-api' };
    expect(assessModel(f32, none).usable).toBe(false);
    const { problems } = assessModel(f32, none);
    expect(problems.map(english)).toEqual(['This browser has no WebGPU, which in-browser models need.']);
    expect(problems.map(inChinese)).toEqual(['这个浏览器没有 WebGPU，而在浏览器中运行模型需要它。']);
  });

  it('blocks large models on phones with a 128 MB binding limit', () => {
    const phone: DeviceCaps = { ...swiftshader, shaderF16: true, isFallbackAdapter: false, maxStorageBufferBindingSize: 128 * 1024 ** 2 };
    const big = describeModel({ model_id: 'Qwen2.5-7B-Instruct-q4f16_1-MLC', low_resource_required: false });
    expect(assessModel(big, phone).usable).toBe(false);
    expect(assessModel(f16, phone).usable).toBe(true);
  });
});
