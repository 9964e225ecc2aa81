import type { HistoryMessage, PromptContext } from '../prompt-layout.ts';

/** A small English context used by the layout tests. */
export function englishContext(overrides: Partial<PromptContext> = {}): PromptContext {
  const history: HistoryMessage[] = [
    { role: 'assistant', text: 'Welcome to the lighthouse.', status: 'complete' },
    { role: 'user', text: 'Is the lamp lit?', raw: 'Me: "Is the lamp lit?"', status: 'complete' },
    { role: 'assistant', text: '*nods* Every night.', raw: 'Alice: *nods* "Every night."', status: 'complete' },
    { role: 'user', text: 'Any ships tonight?', status: 'complete' },
  ];
  return {
    speakers: { name: 'Alice', userName: 'Me', language: 'en' },
    personaCore: 'Alice keeps the lighthouse.',
    modelId: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    summaries: [],
    history,
    retrieved: [],
    sampling: { temperature: 0.7 },
    maxTokens: 200,
    ...overrides,
  };
}

/** A small Chinese context (user persona named 宝玉). */
export function chineseContext(overrides: Partial<PromptContext> = {}): PromptContext {
  return {
    speakers: { name: '林黛玉', userName: '宝玉', language: 'zh' },
    personaCore: '林黛玉，寄居贾府。',
    modelId: 'Qwen3-1.7B-q4f16_1-MLC',
    summaries: ['话题：葬花'],
    history: [
      { role: 'user', text: '妹妹在做什么？', status: 'complete' },
      { role: 'assistant', text: '葬花。', raw: '<think>\n\n</think>\n\n林黛玉：「葬花。」', status: 'complete' },
      { role: 'user', text: '我帮你。', status: 'complete' },
    ],
    retrieved: ['宝玉曾送她两块旧帕子。'],
    sampling: {},
    maxTokens: 160,
    ...overrides,
  };
}
