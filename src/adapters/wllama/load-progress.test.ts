import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english } from '../../core/i18n/message.ts';
import type { LoadProgress } from '../../core/llm-engine.ts';
import { downloadProgress, loadingProgress, readyProgress, threadCount } from './load-progress.ts';

/** The progress with its line in English, as the English interface shows it. */
const shown = (p: LoadProgress) => ({ ...p, text: english(p.text) });

describe('load progress', () => {
  it('reports download bytes as a fraction and in MB', () => {
    expect(shown(downloadProgress('Qwen2.5 0.5B', 122_850_000, 491_400_000))).toEqual({
      phase: 'download',
      fraction: 0.25,
      text: 'Downloading Qwen2.5 0.5B: 123 of 491 MB',
    });
    expect(shown(downloadProgress('tiny.gguf', 34_464, 0))).toEqual({ phase: 'download', fraction: 0, text: 'Downloading tiny.gguf: 0.0 MB' });
    expect(downloadProgress('x', 20, 10).fraction).toBe(1);
  });

  it('says the download line in Chinese too', () => {
    expect(inChinese(downloadProgress('Qwen2.5 0.5B', 122_850_000, 491_400_000).text)).toBe('正在下载 Qwen2.5 0.5B：123 / 491 MB');
    expect(inChinese(downloadProgress('big', 50, 100, 2, 4).text)).toBe('正在下载 big（第 2 个文件，共 4 个）：0.0 / 0.0 MB');
  });

  it('spreads the fraction over the files of a split model', () => {
    const p = downloadProgress('big', 50, 100, 2, 4);
    expect(p.fraction).toBeCloseTo(0.375);
    expect(english(p.text)).toBe('Downloading big (file 2 of 4): 0.0 of 0.0 MB');
    expect(english(downloadProgress('big', 50, 0, 2, 4).text)).toBe('Downloading big (file 2 of 4): 0.0 MB');
  });

  it('says whether the model loads from the cache, and when it is ready', () => {
    expect(shown(loadingProgress('m', true))).toEqual({ phase: 'load', fraction: 0, text: "Loading m from this browser's cache" });
    expect(english(loadingProgress('m', false).text)).toBe('Loading m into memory');
    expect(shown(readyProgress('m', 1))).toEqual({ phase: 'ready', fraction: 1, text: 'm is ready on the CPU (1 thread)' });
    expect(english(readyProgress('m', 4).text)).toBe('m is ready on the CPU (4 threads)');
    expect(inChinese(readyProgress('m', 4).text)).toBe('m 已在 CPU 上就绪（4 个线程）');
  });
});

describe('threadCount', () => {
  it('uses half the logical cores, 1 to 8, and one thread without cross-origin isolation', () => {
    expect(threadCount(2, true)).toBe(1);
    expect(threadCount(8, true)).toBe(4);
    expect(threadCount(32, true)).toBe(8);
    expect(threadCount(1, true)).toBe(1);
    expect(threadCount(16, false)).toBe(1);
  });
});
