import { castList, speakerName, type CastNames } from '../group-chat.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import { joinList, type PersonaLanguage } from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import type { TokenCounter } from '../token-counter.ts';
import { prefixWithinTokens } from '../extract/index.ts';
import type { SummaryWork } from './summary-policy.ts';

/** JSON schema of the model's answer (speakers are filled in by code). */
export const SCENE_SUMMARY_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    topic: { type: 'string' },
    facts: { type: 'array', items: { type: 'string' } },
    promises: { type: 'array', items: { type: 'string' } },
    names: { type: 'array', items: { type: 'string' } },
    numbers: { type: 'array', items: { type: 'string' } },
  },
  required: ['topic', 'facts', 'promises', 'names', 'numbers'],
  additionalProperties: false,
};

/** Sampling for faithful summaries: low temperature. */
export const SUMMARY_SAMPLING: Readonly<SamplingOptions> = { temperature: 0.3, topP: 0.8, repetitionPenalty: 1.05 };

/** Who speaks in the summarized chat: the character (a group chat's host), the user, and a group chat's cast. */
export interface SummaryNames {
  characterName: string;
  userName: string;
  /**
   * A group chat's characters by persona id: each character turn is written under its speaker's
   * name (`Message.speakerId`; `characterName` when it has none) and the instructions name them
   * all. Unset: a one-to-one chat, every character turn is `characterName`'s.
   */
  cast?: CastNames;
}

/** Options of {@link buildSummaryRequest}. */
export interface SummaryRequestOptions extends SummaryNames {
  language: PersonaLanguage;
  /** Most tokens of the answer (default 450). */
  maxTokens?: number;
  sampling?: SamplingOptions;
  /** Clips a single turn longer than `maxInputTokens` (keeps its beginning). */
  clip?: { counter: TokenCounter; maxInputTokens: number };
}

/** A line of the text being summarized: who said it (empty for a summary) and what. */
export interface SourceLine {
  speaker: string;
  text: string;
}

/** The lines a summarization step reads: the block's turns, or the summaries being merged. */
export function sourceLines(work: SummaryWork, names: SummaryNames): SourceLine[] {
  if (work.kind === 'merge') return work.summaries.map((s) => ({ speaker: '', text: s.text }));
  return work.messages.map((m) => ({ speaker: m.role === 'user' ? names.userName : speakerName(m, names.characterName, names.cast), text: m.text }));
}

/**
 * Builds the chat request that asks the model for one scene summary as JSON, constrained by
 * {@link SCENE_SUMMARY_SCHEMA}. Instructions are in the persona's language; a group chat's name
 * every character.
 */
export function buildSummaryRequest(work: SummaryWork, options: SummaryRequestOptions): CompletionRequest {
  const t = TEXT[options.language];
  const lines = sourceLines(work, options).map((line) => ({ ...line, text: clipLine(line.text, options) }));
  const body =
    work.kind === 'turns'
      ? `${t.scene}\n\n<scene>\n${lines.map((l) => t.line(l.speaker, l.text)).join('\n')}\n</scene>`
      : `${t.merge}\n\n<summaries>\n${lines.map((l, i) => `${t.part(i + 1)}\n${l.text}`).join('\n\n')}\n</summaries>`;
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: t.system(joinList(castList(options.characterName, options.cast), options.language), options.userName) },
        { role: 'user', content: `${body}\n\n${t.keys}` },
      ],
    },
    maxTokens: options.maxTokens ?? 450,
    sampling: { ...SUMMARY_SAMPLING, ...options.sampling },
    responseFormat: { type: 'json', schema: SCENE_SUMMARY_SCHEMA },
    enableThinking: false,
  };
}

function clipLine(text: string, options: SummaryRequestOptions): string {
  if (!options.clip) return text;
  const end = prefixWithinTokens(text, options.clip.counter, options.clip.maxInputTokens);
  return end < text.length ? `${text.slice(0, end)}…` : text;
}

const TEXT = {
  en: {
    system: (c: string, u: string) =>
      `You summarize scenes of a role-play chat between ${c} and ${u}. Be faithful: keep every name, number, date, time, place, amount and promise exactly as written, and say who said or did what (use names, not "I" or "you"). Never invent anything. Answer with one JSON object only.`,
    scene: 'Summarize this scene.',
    merge:
      'Combine these summaries of consecutive earlier scenes into one summary. Keep every name, number and promise that still matters; drop only repetition.',
    part: (n: number) => `Part ${n}:`,
    line: (speaker: string, text: string) => `${speaker}: "${text}"`,
    keys: [
      'Return JSON with these keys:',
      '"topic": one sentence on what the scene is about',
      '"facts": the key facts and events, as short sentences',
      '"promises": promises, plans and agreements, with who made them ([] if none)',
      '"names": every person, place or thing named',
      '"numbers": every number, date, time or amount, with what it refers to',
      'Write the values in English.',
    ].join('\n'),
  },
  zh: {
    system: (c: string, u: string) =>
      `你负责为${c}和${u}之间的角色扮演对话写场景摘要。必须忠实：所有名字、数字、日期、时间、地点、金额和约定都要原样保留，并写明是谁说了或做了什么（用名字，不用“我”“你”）。不要编造任何内容。只输出一个 JSON 对象。`,
    scene: '请总结这一段场景。',
    merge: '把下面几段连续的早期场景摘要合并成一段摘要。保留仍然重要的所有名字、数字和约定，只删去重复的内容。',
    part: (n: number) => `第${n}段：`,
    line: (speaker: string, text: string) => `${speaker}：「${text}」`,
    keys: [
      '返回包含以下键的 JSON：',
      '"topic"：一句话说明这段场景的话题',
      '"facts"：关键事实和事件，用简短的句子',
      '"promises"：约定、计划和承诺，写明是谁作出的（没有则为 []）',
      '"names"：提到的所有人名、地名和事物名',
      '"numbers"：所有数字、日期、时间和金额，并说明指什么',
      '用中文书写各个值。',
    ].join('\n'),
  },
} satisfies Record<PersonaLanguage, unknown>;
