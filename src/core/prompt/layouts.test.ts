import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { ValidationError } from '../errors/index.ts';
import type { ChatTurn, EngineCapabilities } from '../llm-engine.ts';
import { QWEN_SAMPLING_DEFAULTS } from '../sampling.ts';
import { chooseLayout, resolveSampling } from './build.ts';
import { buildRequest, renderChatMl, type HistoryMessage, type PromptContext } from './layouts.ts';

const caps = (c: Partial<EngineCapabilities>): EngineCapabilities => ({
  rawCompletion: false,
  promptCache: 'none',
  jsonSchema: false,
  leavesDevice: false,
  ...c,
});

function context(overrides: Partial<PromptContext> = {}): PromptContext {
  return {
    task: { kind: 'reply' },
    speakers: { name: 'Alice', userName: 'Tom', language: 'en' },
    form: 'line',
    personaCore: 'Alice keeps the lighthouse.',
    examples: [],
    thinking: false,
    summaries: [],
    history: [
      { role: 'assistant', text: 'Welcome to the lighthouse.', status: 'complete' },
      { role: 'user', text: 'Is the lamp lit?', status: 'complete' },
    ],
    notes: [],
    postHistory: '',
    sampling: {},
    maxTokens: 200,
    ...overrides,
  };
}

function messagesOf(ctx: PromptContext): ChatTurn[] {
  const input = buildRequest('chat', ctx).request.input;
  if (input.kind !== 'chat') throw new Error('expected a message list');
  return input.messages;
}

function promptOf(ctx: PromptContext): string {
  const input = buildRequest('single', ctx).request.input;
  if (input.kind !== 'prompt') throw new Error('expected a raw prompt');
  return input.prompt;
}

describe('chat layout: the prefix stays byte-identical from turn to turn (KV reuse)', () => {
  for (const form of ['line', 'scene'] as const) {
    for (const thinking of [false, true]) {
      it(`${form}, ${thinking ? 'Qwen3 (think block)' : 'Qwen2.5'}: next turn's messages[:-1] = this turn's messages + the reply as the engine holds it`, () => {
        let history: HistoryMessage[] = [...context().history];
        for (let turn = 0; turn < 6; turn++) {
          const ctx = context({ form, thinking, history, notes: [`note ${turn}`], postHistory: 'Stay brief.' });
          const built = buildRequest('chat', ctx);
          const sent = messagesOf(ctx);
          const reply = `${thinking ? '<think>\n\n</think>\n\n' : ''}Alice: *thinks* "Answer ${turn}."`;
          const shown = form === 'line' ? `*thinks* Answer ${turn}.` : `*thinks* "Answer ${turn}."`;
          history = [...history.slice(0, -1), { ...(history.at(-1) as HistoryMessage), raw: built.userSent }];
          history.push({ role: 'assistant', text: shown, raw: reply, status: 'complete' }, { role: 'user', text: `Question ${turn + 1}`, status: 'complete' });
          const next = messagesOf(context({ form, thinking, history, notes: [`note ${turn + 1}`], postHistory: 'Stay brief.' }));
          expect(next.slice(0, -1)).toEqual([...sent, { role: 'assistant', content: reply }]);
        }
      });
    }
  }

  it('a reply with hidden output (narration after the line) is resent as its shown line, once and for all', () => {
    const history: HistoryMessage[] = [
      ...context().history,
      { role: 'assistant', text: 'Every night.', raw: 'Alice: "Every night." She winks. (OOC: this is fun)', status: 'complete' },
      { role: 'user', text: 'Why?', status: 'complete' },
    ];
    const messages = messagesOf(context({ history }));
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: 'Alice: "Every night."' });
    expect(JSON.stringify(messages)).not.toContain('OOC');
  });

  it('an edited user line is resent as its new canonical turn; an unedited one with the notes it was sent with', () => {
    const history: HistoryMessage[] = [
      { role: 'user', text: 'Edited line', raw: '[Notes for Alice, not said aloud]\n- x\n\nTom: "Original line"', status: 'complete' },
      { role: 'assistant', text: 'Sure.', raw: 'Alice: "Sure."', status: 'complete' },
      { role: 'user', text: 'Kept', raw: '[Notes for Alice, not said aloud]\n- y\n\nTom: "Kept"', status: 'complete' },
      { role: 'assistant', text: 'Cut off', raw: 'Alice: "Cut off', status: 'interrupted' },
      { role: 'user', text: 'Next?', status: 'complete' },
    ];
    expect(messagesOf(context({ history })).slice(1)).toEqual([
      { role: 'user', content: 'Tom: "Edited line"' },
      { role: 'assistant', content: 'Alice: "Sure."' },
      { role: 'user', content: '[Notes for Alice, not said aloud]\n- y\n\nTom: "Kept"' },
      { role: 'assistant', content: 'Alice: "Cut off"' },
      { role: 'user', content: 'Tom: "Next?"' },
    ]);
  });

  it('renders as the ChatML the engine applies, with the think block for thinking models', () => {
    const ctx = context({ thinking: true });
    expect(renderChatMl(messagesOf(ctx), true).endsWith('<|im_start|>assistant\n<think>\n\n</think>\n\n')).toBe(true);
  });

  it('refuses a reply prompt when the history does not end with the user', () => {
    expect(() => buildRequest('chat', context({ history: [{ role: 'assistant', text: 'Hi', status: 'complete' }] }))).toThrow(ValidationError);
  });
});

describe('continue and impersonate prompts', () => {
  it('raw: the single prompt ends inside the open turn (line: Name: "text; scene: Name: text)', () => {
    const history = context().history;
    expect(promptOf(context({ task: { kind: 'continue', text: 'None since' }, history }))).toMatch(
      /Tom: "Is the lamp lit\?"\n<\|im_end\|>\n<\|im_start\|>assistant\nAlice: "None since$/,
    );
    expect(promptOf(context({ form: 'scene', task: { kind: 'continue', text: '*She looks up.*' }, history }))).toMatch(
      /<\|im_start\|>assistant\nAlice: \*She looks up\.\*$/,
    );
    expect(promptOf(context({ task: { kind: 'impersonate' }, history }))).toMatch(/<\|im_start\|>assistant\nTom: "$/);
    expect(
      promptOf(context({ task: { kind: 'impersonate' }, history, thinking: true, speakers: { name: '林黛玉', userName: '宝玉', language: 'zh' } })),
    ).toMatch(/<think>\n\n<\/think>\n\n宝玉：「$/);
  });

  it('chat-only continue: the open line as the assistant, then the instruction with the notes', () => {
    const messages = messagesOf(context({ task: { kind: 'continue', text: 'None since' }, notes: ['Fog.'] }));
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: 'Alice: "None since' });
    expect(messages.at(-1)?.content).toMatch(/^\[Notes for Alice, not said aloud\]\n- Fog\.\n\n\[Continue\] /);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
  });

  it('impersonate stops where the character speaks; a reply stops where the user speaks; never on a quote mark', () => {
    expect(buildRequest('chat', context({ task: { kind: 'impersonate' } })).request.stop).toEqual(['\nAlice:', '\nAlice：']);
    expect(buildRequest('single', context()).request.stop).toEqual(['\nTom:', '\nTom：', '\nMe:', '\nMe：']);
    expect(buildRequest('chat', context({ plain: true })).request.stop).toEqual([]);
  });
});

describe('chooseLayout', () => {
  it('chat for an engine that reuses its KV cache (WebLLM), even with raw completion', () => {
    expect(chooseLayout(caps({ rawCompletion: true, promptCache: 'chat' }))).toBe('chat');
  });
  it('single for raw completion without reuse (CPU engine, raw endpoint)', () => {
    expect(chooseLayout(caps({ rawCompletion: true }))).toBe('single');
  });
  it('chat for chat-only endpoints; continue and impersonate go raw wherever they can', () => {
    expect(chooseLayout(caps({ leavesDevice: true }))).toBe('chat');
    expect(chooseLayout(caps({ rawCompletion: true, promptCache: 'chat' }), 'continue')).toBe('single');
    expect(chooseLayout(caps({}), 'impersonate')).toBe('chat');
  });
});

describe('resolveSampling', () => {
  it('uses the Qwen defaults when the persona sets nothing', () => {
    expect(resolveSampling({})).toEqual({ ...QWEN_SAMPLING_DEFAULTS });
  });
  it('lets every persona value override the default, undefined ones keep it', () => {
    expect(resolveSampling({ temperature: 0.9, topK: 40, seed: 7, frequencyPenalty: 0.2, topP: undefined })).toEqual({
      ...QWEN_SAMPLING_DEFAULTS,
      temperature: 0.9,
      topK: 40,
      seed: 7,
      frequencyPenalty: 0.2,
    });
  });
  it('rejects out-of-range values with a message naming the setting', () => {
    expect(() => resolveSampling({ temperature: 5 })).toThrow(ValidationError);
    expect(() => resolveSampling({ topP: 0 })).toThrow(/topP/);
    expect(() => resolveSampling({ topK: 2.5 })).toThrow(/whole number/);
    expect(() => resolveSampling({ presencePenalty: Number.NaN })).toThrow(ValidationError);
  });
  it('says what the value must be, in English and in Chinese', () => {
    const error = thrown(() => resolveSampling({ topK: 2.5 }));
    expect(error.message).toBe(
      'The persona\'s sampling setting "topK" is 2.5; it must be a whole number at least 0 and at most 1000. Fix it in the persona\'s generation settings.',
    );
    expect(inChinese(error)).toBe('角色的采样设置“topK”为 2.5；它必须是整数，且不小于 0、不大于 1000。请在角色的生成设置中修正。');
    expect(inChinese(thrown(() => resolveSampling({ topP: 0 })))).toContain('它必须大于 0、不大于 1。');
  });
});

function thrown(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}
