import { describe, expect, it } from 'vitest';
import { formatGpuMemory, formatMegabytes, parametersLabel, quantizationLabel } from './model-labels.ts';

describe('model labels', () => {
  it('reads quantization codes in plain words', () => {
    expect(quantizationLabel('q4f16_1').en).toBe('q4f16_1: 4-bit weights, 16-bit maths');
    expect(quantizationLabel('q4f32_1').en).toBe('q4f32_1: 4-bit weights, 32-bit maths');
    expect(quantizationLabel('q4f32_1').zh).toBe('q4f32_1：4 位权重，32 位浮点计算');
    expect(quantizationLabel('unknown')).toEqual({ en: 'unknown', zh: 'unknown' });
  });

  it('formats sizes and parameter counts', () => {
    expect(formatMegabytes(844)).toBe('844 MB');
    expect(formatMegabytes(1629.75)).toBe('1.6 GB');
    expect(parametersLabel(1.5)).toEqual({ en: '1.5 billion parameters', zh: '1.5B 参数' });
    expect(parametersLabel(0)).toEqual({ en: '', zh: '' });
    expect(formatGpuMemory(2048)).toBe('2.0 GB');
  });
});
