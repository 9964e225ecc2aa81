import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english } from '../i18n/message.ts';
import { formatGpuMemory, formatMegabytes, parametersLabel, quantizationLabel } from './model-labels.ts';

describe('model labels', () => {
  it('reads quantization codes in plain words', () => {
    expect(english(quantizationLabel('q4f16_1'))).toBe('q4f16_1: 4-bit weights, 16-bit maths');
    expect(english(quantizationLabel('q4f32_1'))).toBe('q4f32_1: 4-bit weights, 32-bit maths');
    expect(inChinese(quantizationLabel('q4f32_1'))).toBe('q4f32_1：4 位权重，32 位浮点计算');
    expect(english(quantizationLabel('unknown'))).toBe('unknown');
    expect(inChinese(quantizationLabel('unknown'))).toBe('unknown');
  });

  it('formats sizes and parameter counts', () => {
    expect(formatMegabytes(844)).toBe('844 MB');
    expect(formatMegabytes(1629.75)).toBe('1.6 GB');
    const params = parametersLabel(1.5);
    expect(params && english(params)).toBe('1.5 billion parameters');
    expect(inChinese(params)).toBe('1.5B 参数');
    expect(parametersLabel(0)).toBeNull();
    expect(formatGpuMemory(2048)).toBe('2.0 GB');
  });
});
