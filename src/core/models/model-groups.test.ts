import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english } from '../i18n/message.ts';
import type { DeviceCaps } from './device-caps.ts';
import { assessModel } from './model-fit.ts';
import { baseModelKey, groupModels } from './model-groups.ts';
import { describeModel } from './model-info.ts';
import { recommendModel, type FittedModel } from './recommend.ts';

/** The in-browser Qwen builds (8 models, q4f16 and q4f32 each) with their declared GPU memory (MB). */
const RECORDS: Array<[string, number]> = [
  ['Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 945],
  ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 1060],
  ['Qwen2.5-1.5B-Instruct-q4f16_1-MLC', 1630],
  ['Qwen2.5-1.5B-Instruct-q4f32_1-MLC', 1889],
  ['Qwen2.5-3B-Instruct-q4f16_1-MLC', 2505],
  ['Qwen2.5-3B-Instruct-q4f32_1-MLC', 2894],
  ['Qwen3-0.6B-q4f16_1-MLC', 1403],
  ['Qwen3-0.6B-q4f32_1-MLC', 1925],
  ['Qwen3-1.7B-q4f16_1-MLC', 2037],
  ['Qwen3-1.7B-q4f32_1-MLC', 2635],
  ['Qwen3-4B-q4f16_1-MLC', 3432],
  ['Qwen3-4B-q4f32_1-MLC', 4328],
];

const desktop: DeviceCaps = {
  webgpu: true,
  shaderF16: true,
  maxStorageBufferBindingSize: 2 ** 31,
  maxBufferSize: 2 ** 31,
  isFallbackAdapter: false,
  description: 'test gpu',
  memoryGB: 8,
};
const noF16: DeviceCaps = { ...desktop, shaderF16: false };

function fitted(caps: DeviceCaps): FittedModel[] {
  return RECORDS.map(([model_id, vram_required_MB]) => {
    const info = describeModel({ model_id, vram_required_MB, low_resource_required: true });
    return { info, fit: assessModel(info, caps) };
  });
}

function grouped(caps: DeviceCaps, chosenId: string | null = null) {
  const models = fitted(caps);
  return groupModels(models, caps, { recommendedId: recommendModel(models, caps)?.id ?? null, chosenId });
}

const byKey = (groups: ReturnType<typeof grouped>, key: string) => groups.find((g) => g.key === key)!;

describe('baseModelKey', () => {
  it('drops the quantization, and keeps a self-hosted model on its own', () => {
    expect(baseModelKey(describeModel({ model_id: 'Qwen3-1.7B-q4f32_1-MLC' }))).toBe('Qwen3-1.7B-MLC');
    expect(baseModelKey(describeModel({ model_id: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC' }))).toBe('Qwen2.5-1.5B-Instruct-MLC');
    expect(baseModelKey({ ...describeModel({ model_id: 'mine-1.7B-q4f16_1-MLC' }), custom: true })).toBe('mine-1.7B-q4f16_1-MLC');
  });
});

describe('groupModels', () => {
  it('makes one group per model, in the engine order, with both builds', () => {
    const groups = grouped(desktop);
    expect(groups.map((g) => g.key)).toEqual([
      'Qwen2.5-0.5B-Instruct-MLC',
      'Qwen2.5-1.5B-Instruct-MLC',
      'Qwen2.5-3B-Instruct-MLC',
      'Qwen3-0.6B-MLC',
      'Qwen3-1.7B-MLC',
      'Qwen3-4B-MLC',
    ]);
    const g = byKey(groups, 'Qwen2.5-1.5B-Instruct-MLC');
    expect(g.family).toBe('Qwen2.5');
    expect(g.billions).toBe(1.5);
    expect(g.builds.map((b) => b.info.quantization)).toEqual(['q4f16_1', 'q4f32_1']);
  });

  it('preselects the 16-bit build with shader-f16, and hides nothing', () => {
    for (const g of grouped(desktop)) {
      expect(g.preselected.info.quantization).toBe('q4f16_1');
      expect(g.usable).toBe(true);
      expect(g.usableBuilds).toHaveLength(2);
      expect(g.unusableBuilds).toEqual([]);
    }
  });

  it('without shader-f16 preselects the 32-bit build and sets the 16-bit one aside with its reason', () => {
    for (const g of grouped(noF16)) {
      expect(g.preselected.info.quantization).toBe('q4f32_1');
      expect(g.usableBuilds.map((b) => b.info.quantization)).toEqual(['q4f32_1']);
      expect(g.unusableBuilds.map((b) => b.info.quantization)).toEqual(['q4f16_1']);
      expect(english(g.unusableBuilds[0]!.fit.problems[0]!)).toMatch(/shader-f16.*q4f32/);
    }
  });

  it('marks the recommended group, and preselects the chosen build over the device preference', () => {
    const groups = grouped(desktop, 'Qwen3-1.7B-q4f32_1-MLC');
    expect(groups.filter((g) => g.recommended).map((g) => g.preselected.info.id)).toEqual(['Qwen3-4B-q4f16_1-MLC']);
    expect(byKey(groups, 'Qwen3-1.7B-MLC').preselected.info.id).toBe('Qwen3-1.7B-q4f32_1-MLC');
    // A chosen build that cannot run here is not preselected.
    expect(byKey(grouped(noF16, 'Qwen3-1.7B-q4f16_1-MLC'), 'Qwen3-1.7B-MLC').preselected.info.id).toBe('Qwen3-1.7B-q4f32_1-MLC');
  });

  it('says in one line what each model is good for on this device', () => {
    const caps = { ...desktop, memoryGB: 4 }; // 2 GB comfortable: Qwen3-1.7B q4f16 (2037 MB) is recommended
    const notes = Object.fromEntries(grouped(caps).map((g) => [g.key, english(g.note)]));
    expect(notes['Qwen3-1.7B-MLC']).toBe('Best quality this device runs comfortably.');
    expect(notes['Qwen2.5-0.5B-Instruct-MLC']).toBe('Fastest; short, simple replies.');
    expect(notes['Qwen2.5-1.5B-Instruct-MLC']).toBe('Faster than the recommended one; simpler replies.');
    expect(notes['Qwen3-4B-MLC']).toBe('Better replies; may be slow here (needs ≈ 3.4 GB).');
    expect(inChinese(grouped(caps)[0]!.note)).toBe('最快；回复简短、简单。');
  });

  it('says so when no build of a model runs here, and lets self-hosted models stand alone', () => {
    const none = { ...desktop, webgpu: false };
    const groups = grouped(none);
    expect(groups.every((g) => !g.usable && english(g.note) === 'Cannot run on this device.')).toBe(true);

    const info = { ...describeModel({ model_id: 'Qwen3-1.7B-q4f16_1-MLC-mine' }), custom: true };
    const mine = groupModels([...fitted(desktop), { info, fit: assessModel(info, desktop) }], desktop);
    expect(mine).toHaveLength(RECORDS.length / 2 + 1);
    expect(english(mine.at(-1)!.note)).toBe('Your own model.');
  });
});
