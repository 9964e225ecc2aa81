import { describe, expect, it } from 'vitest';
import type { EmbedderProgress } from '../../core/embedder.ts';
import { english } from '../../core/i18n/message.ts';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { createProgressReporter } from './embedder-progress.ts';

function reports(events: Parameters<ReturnType<typeof createProgressReporter>>[0][]): EmbedderProgress[] {
  const out: EmbedderProgress[] = [];
  const report = createProgressReporter('m/x', (p) => out.push(p));
  for (const e of events) report(e);
  return out;
}

/** The reports with their lines in English, as the English interface shows them. */
function run(events: Parameters<ReturnType<typeof createProgressReporter>>[0][]): { fraction: number; text: string }[] {
  return reports(events).map((p) => ({ fraction: p.fraction, text: english(p.text) }));
}

describe('createProgressReporter', () => {
  it('reports the overall fraction with the file being downloaded and its size', () => {
    const out = run([
      { status: 'initiate', file: 'config.json' },
      { status: 'progress_total', progress: 10 },
      { status: 'progress', file: 'onnx/model_quantized.onnx', progress: 5, loaded: 5_900_000, total: 118_000_000 },
      { status: 'progress_total', progress: 60 },
      { status: 'progress', file: 'tokenizer.json', progress: 100, loaded: 17_000, total: 17_000 },
    ]);
    expect(out).toEqual([
      { fraction: 0.1, text: 'Loading onnx/model_quantized.onnx (5.9 of 118.0 MB)' },
      { fraction: 0.6, text: 'Loading tokenizer.json (17 of 17 kB)' },
    ]);
  });

  it('throttles reports for the same file to steps of at least 0.5 %', () => {
    const events = Array.from({ length: 1000 }, (_, i) => [
      { status: 'progress_total', progress: i / 10 },
      { status: 'progress', file: 'onnx/model.onnx', progress: i / 10, loaded: i, total: 1000 },
    ]).flat();
    const out = run(events);
    expect(out.length).toBeGreaterThan(15);
    expect(out.length).toBeLessThanOrEqual(201);
  });

  it('never goes backwards, and ends at 1 on ready', () => {
    const out = run([
      { status: 'progress_total', progress: 50 },
      { status: 'progress', file: 'a', loaded: 1, total: 2 },
      { status: 'progress_total', progress: 30 },
      { status: 'done', file: 'a' },
      { status: 'ready' },
    ]);
    expect(out.map((p) => p.fraction)).toEqual([0.5, 0.5, 1]);
    expect(out.at(-1)).toEqual({ fraction: 1, text: 'Search model m/x is ready' });
    expect(out[1]?.text).toBe('Loaded a');
  });

  it('names a file without a name as the model file, and says the lines in Chinese too', () => {
    expect(run([{ status: 'progress', loaded: 1, total: 0 }, { status: 'done' }]).map((p) => p.text)).toEqual(['Loading model file', 'Loaded model file']);
    const out = reports([
      { status: 'progress', file: 'tokenizer.json', loaded: 17_000, total: 17_000 },
      { status: 'progress', file: 'onnx/model.onnx', loaded: 5_900_000, total: 118_000_000 },
      { status: 'ready' },
    ]);
    expect(out.map((p) => inChinese(p.text))).toEqual([
      '正在加载 tokenizer.json（17 / 17 kB）',
      '正在加载 onnx/model.onnx（5.9 / 118.0 MB）',
      '搜索模型 m/x 已就绪',
    ]);
  });
});
