import { describe, expect, it } from 'vitest';
import { downloadProgress, loadingProgress, readyProgress, threadCount } from './load-progress.ts';

describe('load progress', () => {
  it('reports download bytes as a fraction and in MB', () => {
    expect(downloadProgress('Qwen2.5 0.5B', 122_850_000, 491_400_000)).toEqual({
      phase: 'download',
      fraction: 0.25,
      text: 'Downloading Qwen2.5 0.5B: 123 of 491 MB',
    });
    expect(downloadProgress('tiny.gguf', 34_464, 0)).toEqual({ phase: 'download', fraction: 0, text: 'Downloading tiny.gguf: 0.0 MB' });
    expect(downloadProgress('x', 20, 10).fraction).toBe(1);
  });

  it('spreads the fraction over the files of a split model', () => {
    const p = downloadProgress('big', 50, 100, 2, 4);
    expect(p.fraction).toBeCloseTo(0.375);
    expect(p.text).toBe('Downloading big (file 2 of 4): 0.0 of 0.0 MB');
  });

  it('says whether the model loads from the cache, and when it is ready', () => {
    expect(loadingProgress('m', true)).toEqual({ phase: 'load', fraction: 0, text: "Loading m from this browser's cache" });
    expect(loadingProgress('m', false).text).toBe('Loading m into memory');
    expect(readyProgress('m', 1)).toEqual({ phase: 'ready', fraction: 1, text: 'm is ready on the CPU (1 thread)' });
    expect(readyProgress('m', 4).text).toBe('m is ready on the CPU (4 threads)');
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
