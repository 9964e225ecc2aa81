import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english } from '../i18n/message.ts';
import type { DeviceCaps } from './device-caps.ts';
import { assessModel } from './model-fit.ts';
import { describeModel } from './model-info.ts';
import { budgetReason, memoryBudgetMB, recommendModel, smallerModel, type FittedModel } from './recommend.ts';

/** The Qwen builds of web-llm 0.2.86 with their declared GPU memory (MB). */
const RECORDS: Array<[string, number, boolean]> = [
  ['Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 945, true],
  ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 1060, true],
  ['Qwen2.5-1.5B-Instruct-q4f16_1-MLC', 1630, true],
  ['Qwen2.5-1.5B-Instruct-q4f32_1-MLC', 1889, true],
  ['Qwen2.5-3B-Instruct-q4f16_1-MLC', 2505, true],
  ['Qwen2.5-3B-Instruct-q4f32_1-MLC', 2894, true],
  ['Qwen2.5-7B-Instruct-q4f16_1-MLC', 5107, false],
  ['Qwen2.5-7B-Instruct-q4f32_1-MLC', 5900, false],
  ['Qwen3-0.6B-q4f16_1-MLC', 1403, true],
  ['Qwen3-0.6B-q4f32_1-MLC', 1925, true],
  ['Qwen3-1.7B-q4f16_1-MLC', 2037, true],
  ['Qwen3-1.7B-q4f32_1-MLC', 2635, true],
  ['Qwen3-4B-q4f16_1-MLC', 3432, true],
  ['Qwen3-4B-q4f32_1-MLC', 4328, true],
  ['Qwen3-8B-q4f16_1-MLC', 5696, false],
  ['Qwen3-8B-q4f32_1-MLC', 6853, false],
];

const desktop: DeviceCaps = {
  webgpu: true,
  shaderF16: true,
  maxStorageBufferBindingSize: 2 ** 31,
  maxBufferSize: 2 ** 31,
  isFallbackAdapter: false,
  description: 'test gpu',
};

function fitted(caps: DeviceCaps): FittedModel[] {
  return RECORDS.map(([model_id, vram_required_MB, low_resource_required]) => {
    const info = describeModel({ model_id, vram_required_MB, low_resource_required });
    return { info, fit: assessModel(info, caps) };
  });
}

describe('memoryBudgetMB', () => {
  it('is half the reported RAM, 4 GB assumed when unknown', () => {
    expect(memoryBudgetMB({ ...desktop, memoryGB: 8 })).toBe(4096);
    expect(memoryBudgetMB(desktop)).toBe(2048);
  });

  it('explains itself', () => {
    expect(english(budgetReason({ ...desktop, memoryGB: 8 }))).toBe('half of the 8 GB of memory the browser reports');
    expect(inChinese(budgetReason({ ...desktop, memoryGB: 8 }))).toBe('浏览器报告的 8 GB 内存的一半');
    expect(english(budgetReason(desktop))).toMatch(/4 GB is assumed/);
    expect(english(budgetReason({ ...desktop, isFallbackAdapter: true }))).toMatch(/software GPU/);
    expect(inChinese(budgetReason({ ...desktop, isFallbackAdapter: true }))).toMatch(/软件模拟的 GPU/);
    expect(english(budgetReason({ ...desktop, maxStorageBufferBindingSize: 128 * 2 ** 20 }))).toMatch(/phone/);
  });

  it('is small on software adapters and phone-class GPUs', () => {
    expect(memoryBudgetMB({ ...desktop, memoryGB: 8, isFallbackAdapter: true })).toBe(1200);
    expect(memoryBudgetMB({ ...desktop, memoryGB: 8, maxStorageBufferBindingSize: 128 * 2 ** 20 })).toBe(2000);
  });
});

describe('recommendModel', () => {
  it('picks the largest Qwen that comfortably fits an 8 GB machine with shader-f16', () => {
    const caps = { ...desktop, memoryGB: 8 };
    expect(recommendModel(fitted(caps), caps)?.id).toBe('Qwen3-4B-q4f16_1-MLC');
  });

  it('without shader-f16 falls back to the largest q4f32 build within budget', () => {
    const caps = { ...desktop, memoryGB: 8, shaderF16: false };
    expect(recommendModel(fitted(caps), caps)?.id).toBe('Qwen2.5-3B-Instruct-q4f32_1-MLC');
  });

  it('with unknown memory stays within 2 GB', () => {
    const pick = recommendModel(fitted(desktop), desktop);
    expect(pick?.id).toBe('Qwen3-1.7B-q4f16_1-MLC');
    expect(pick?.vramMB).toBeLessThanOrEqual(2048);
  });

  it('on a software adapter picks the smallest q4f32 model', () => {
    const caps = { ...desktop, shaderF16: false, isFallbackAdapter: true, maxStorageBufferBindingSize: 2 ** 30 };
    expect(recommendModel(fitted(caps), caps)?.id).toBe('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
  });

  it('falls back to the smallest usable model when none fits the budget, and to null when none is usable', () => {
    const caps = { ...desktop, memoryGB: 1 };
    expect(recommendModel(fitted(caps), caps)?.id).toBe('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    const none = { ...desktop, webgpu: false };
    expect(recommendModel(fitted(none), none)).toBeNull();
  });

  it('never recommends a custom model', () => {
    const caps = { ...desktop, memoryGB: 8 };
    const custom = { ...describeModel({ model_id: 'Qwen3-4B-mine-q4f16_1-MLC', vram_required_MB: 3000 }), custom: true };
    const models = [{ info: custom, fit: assessModel(custom, caps) }, ...fitted(caps)];
    expect(recommendModel(models, caps)?.id).toBe('Qwen3-4B-q4f16_1-MLC');
  });
});

describe('smallerModel', () => {
  it('offers the largest usable model that needs less memory than the failed one', () => {
    const models = fitted(desktop);
    expect(smallerModel(models, 'Qwen3-4B-q4f16_1-MLC')?.id).toBe('Qwen2.5-3B-Instruct-q4f16_1-MLC');
    expect(smallerModel(models, 'Qwen3-0.6B-q4f16_1-MLC')?.id).toBe('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    expect(smallerModel(fitted({ ...desktop, shaderF16: false }), 'Qwen3-1.7B-q4f32_1-MLC')?.id).toBe('Qwen2.5-1.5B-Instruct-q4f32_1-MLC');
  });

  it('returns null below the smallest model, and offers the smallest ones for an unknown id', () => {
    const models = fitted(desktop);
    expect(smallerModel(models, 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC')).toBeNull();
    expect(smallerModel(models, 'not-listed')?.vramMB).toBeGreaterThan(0);
  });
});
