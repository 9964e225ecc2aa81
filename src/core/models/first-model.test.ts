import { describe, expect, it } from 'vitest';
import { CPU_MODELS } from './cpu-models.ts';
import type { DeviceCaps } from './device-caps.ts';
import { firstModel, secondsLeft } from './first-model.ts';
import { assessModel } from './model-fit.ts';
import { describeModel } from './model-info.ts';

const gpu: DeviceCaps = {
  webgpu: true,
  shaderF16: true,
  maxStorageBufferBindingSize: 2 ** 31,
  maxBufferSize: 2 ** 31,
  isFallbackAdapter: false,
  description: 'test gpu',
  memoryGB: 8,
};
const noGpu: DeviceCaps = { ...gpu, webgpu: false, unavailableReason: 'no-api', shaderF16: false };

function fitted(device: DeviceCaps, records: Array<{ model_id: string; vram_required_MB: number }>) {
  return records.map((r) => {
    const info = describeModel(r);
    return { info, fit: assessModel(info, device) };
  });
}

describe('firstModel', () => {
  it('takes the recommended GPU model on a WebGPU device', () => {
    const models = fitted(gpu, [
      { model_id: 'Qwen3-0.6B-q4f16_1-MLC', vram_required_MB: 1400 },
      { model_id: 'Qwen3-1.7B-q4f16_1-MLC', vram_required_MB: 2000 },
      { model_id: 'Qwen3-8B-q4f16_1-MLC', vram_required_MB: 6000 },
    ]);
    expect(firstModel(gpu, models)).toEqual({ engine: 'webllm', modelId: 'Qwen3-1.7B-q4f16_1-MLC', name: 'Qwen3 1.7B', downloadMB: 956 });
  });

  it('takes the CPU engine’s smallest model without WebGPU, or when no GPU model can run', () => {
    const smallest = CPU_MODELS.reduce((a, b) => (a.downloadMB <= b.downloadMB ? a : b));
    const cpu = { engine: 'wllama', modelId: smallest.id, name: 'Qwen2.5 0.5B', downloadMB: smallest.downloadMB };
    expect(firstModel(noGpu, [])).toEqual(cpu);
    const f16Only = fitted({ ...gpu, shaderF16: false }, [{ model_id: 'Qwen3-0.6B-q4f16_1-MLC', vram_required_MB: 1400 }]);
    expect(f16Only[0]?.fit.usable).toBe(false);
    expect(firstModel({ ...gpu, shaderF16: false }, f16Only)).toEqual(cpu);
  });
});

describe('secondsLeft', () => {
  it('is the rest at the rate progress moved since the first reading', () => {
    expect(secondsLeft({ at: 1000, fraction: 0.1 }, { at: 3000, fraction: 0.3 })).toBe(7);
    expect(secondsLeft({ at: 0, fraction: 0 }, { at: 60_000, fraction: 0.5 })).toBe(60);
    expect(secondsLeft({ at: 0, fraction: 0 }, { at: 5000, fraction: 1 })).toBe(0);
  });

  it('is unknown until progress has moved for a second', () => {
    expect(secondsLeft({ at: 1000, fraction: 0.1 }, { at: 1500, fraction: 0.2 })).toBeNull();
    expect(secondsLeft({ at: 1000, fraction: 0.1 }, { at: 9000, fraction: 0.1 })).toBeNull();
  });
});
