import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { EngineError } from '../errors/index.ts';
import { english } from '../i18n/message.ts';
import { PERSONA_DRAFT_SCHEMA } from './persona-draft.ts';
import { refinePersonaDraft, type RefineProgress } from './refine-persona.ts';
import { msg } from '../i18n/message.ts';

const chunks = ['林黛玉道：“你又来了。”', '黛玉葬花，叹道：“花谢花飞飞满天。”', '宝玉笑道：“好妹妹。”'];

const step1 = JSON.stringify({
  name: '林黛玉',
  identity: '贾府的表小姐',
  personality: '敏感、聪慧',
  speakingStyle: '',
  catchphrases: [],
  sampleLines: ['你又来了。'],
  relationships: ['贾宝玉：表兄'],
  interests: [],
  viewpoints: [],
  experiences: [],
  achievements: [],
  knowledgeBoundary: { era: '清代', knows: '诗词', cannotKnow: ['电话'] },
});
const step3 = JSON.stringify({ sampleLines: ['你又来了。', '花谢花飞飞满天。'], relationships: [], identity: '' });

function prompt(engine: ScriptedEngine, call: number): string {
  const input = engine.requests[call]?.input;
  return input?.kind === 'chat' ? input.messages.map((m) => m.content).join('\n') : '';
}

describe('refinePersonaDraft', () => {
  it('refines chunk by chunk, keeping the draft when one answer is garbled', async () => {
    const engine = new ScriptedEngine(['```json\n' + step1 + '\n```', 'Sorry, I am just an AI.', step3]);
    const progress: RefineProgress[] = [];
    const result = await refinePersonaDraft({ engine, chunks, onProgress: (p) => progress.push(p) });

    expect(result.status).toBe('complete');
    expect(result.chunksDone).toBe(3);
    expect(result.draft.language).toBe('zh');
    expect(result.draft.name).toBe('林黛玉');
    expect(result.draft.identity).toBe('贾府的表小姐');
    expect(result.draft.sampleLines).toEqual(['你又来了。', '花谢花飞飞满天。']);
    expect(result.draft.relationships).toEqual(['贾宝玉：表兄']);
    expect(result.warnings).toEqual([{ chunk: 2, code: 'garbled', text: expect.objectContaining({ key: 'extract.part.skipped' }) }]);
    expect(result.warnings.map((w) => english(w.text))).toEqual([expect.stringContaining('Part 2')]);
    expect(result.warnings.map((w) => inChinese(w.text))).toEqual([expect.stringContaining('第 2 段')]);

    const request = engine.requests[0]!;
    expect(request.responseFormat).toEqual({ type: 'json', schema: PERSONA_DRAFT_SCHEMA });
    expect(request.enableThinking).toBe(false);
    expect(prompt(engine, 0)).toContain('文本第1段（共3段）');
    expect(prompt(engine, 0)).toContain(chunks[0]);
    expect(prompt(engine, 2)).toContain('"name":"林黛玉"');
    expect(prompt(engine, 2)).toContain('要提取的角色是林黛玉');
    expect(prompt(engine, 2)).toContain(chunks[2]);

    expect(progress.filter((p) => p.phase !== 'reading').map((p) => [p.chunk, p.chunkCount, p.phase])).toEqual([
      [1, 3, 'done'],
      [2, 3, 'skipped'],
      [3, 3, 'done'],
    ]);
  });

  it('records an answer cut at the token limit as truncated', async () => {
    const engine = new ScriptedEngine([{ chunks: [step1.slice(0, 60)], finishReason: 'length' }]);
    const result = await refinePersonaDraft({ engine, chunks: ['Alice smiled.'], characterName: 'Alice' });
    expect(result.warnings[0]?.code).toBe('truncated');
    expect(result.draft.name).toBe('Alice');
    expect(result.draft.language).toBe('en');
  });

  it('returns the draft so far when cancelled, and can resume from it', async () => {
    const controller = new AbortController();
    const engine = new ScriptedEngine([step1, { chunks: ['{"interests":', '["诗"]}'], delayMs: 1 }]);
    const result = await refinePersonaDraft({
      engine,
      chunks,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.chunk === 2 && p.receivedChars > 0) controller.abort();
      },
    });
    expect(result).toMatchObject({ status: 'cancelled', chunksDone: 1 });
    expect(result.draft.name).toBe('林黛玉');
    expect(engine.requests).toHaveLength(2);

    const resumed = await refinePersonaDraft({
      engine: new ScriptedEngine([step3]),
      chunks: chunks.slice(2),
      draft: result.draft,
      chunkOffset: 2,
    });
    expect(resumed).toMatchObject({ status: 'complete', chunksDone: 1 });
    expect(resumed.draft.sampleLines).toContain('花谢花飞飞满天。');
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const engine = new ScriptedEngine([]);
    const result = await refinePersonaDraft({ engine, chunks, signal: controller.signal, language: 'zh' });
    expect(result).toMatchObject({ status: 'cancelled', chunksDone: 0 });
    expect(engine.requests).toHaveLength(0);
  });

  it('stops with the draft so far when the engine fails', async () => {
    const error = new EngineError('device-lost', msg('text.verbatim', { text: 'The GPU was reset. Reload the page and try again.' }));
    const engine = new ScriptedEngine([step1, { chunks: [], error }]);
    const result = await refinePersonaDraft({ engine, chunks });
    expect(result).toMatchObject({ status: 'failed', chunksDone: 1, error });
    expect(result.draft.name).toBe('林黛玉');
  });
});
