import type { CompletionRequest } from '../llm-engine.ts';
import type { PersonaLanguage } from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import { PERSONA_DRAFT_SCHEMA, draftForPrompt, type PersonaDraft } from './persona-draft.ts';

/** Options of {@link buildRefineRequest}. */
export interface RefineRequestOptions {
  /** Which character to extract; empty: the main character of the text. */
  characterName?: string;
  /** 1-based number of this chunk and the total, shown to the model. */
  chunkNumber: number;
  chunkCount: number;
  /** Most tokens of the answer (default 1400). */
  maxTokens?: number;
  sampling?: SamplingOptions;
}

/** Sampling for faithful extraction: low temperature. */
export const REFINE_SAMPLING: Readonly<SamplingOptions> = { temperature: 0.3, topP: 0.8, repetitionPenalty: 1.05 };

/**
 * Builds the request for one refine step: the current draft as JSON plus the next chunk;
 * the model answers with the whole updated draft, constrained by `PERSONA_DRAFT_SCHEMA`.
 * Instructions are in the draft's language.
 */
export function buildRefineRequest(draft: PersonaDraft, chunk: string, options: RefineRequestOptions): CompletionRequest {
  const t = TEXT[draft.language];
  const who = options.characterName?.trim() || draft.name.trim();
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: `${t.system}\n${who ? t.target(who) : t.main}` },
        {
          role: 'user',
          content: `${t.draft}\n${draftForPrompt(draft)}\n\n${t.part(options.chunkNumber, options.chunkCount)}\n<text>\n${chunk}\n</text>\n\n${t.task}`,
        },
      ],
    },
    maxTokens: options.maxTokens ?? 1400,
    sampling: { ...REFINE_SAMPLING, ...options.sampling },
    responseFormat: { type: 'json', schema: PERSONA_DRAFT_SCHEMA },
    enableThinking: false,
  };
}

const TEXT = {
  en: {
    system: [
      'You build a role-play character profile from source material, one part of the text at a time.',
      'Use only what the text says; never invent. Keep everything already in the profile unless the text corrects it, and add what the new part reveals.',
      'Fields: name; identity (background, who the character is); personality; speakingStyle (how they talk: tone, dialect, habits);',
      'catchphrases; sampleLines (the character\'s own spoken lines, copied exactly, at most 16); relationships ("Name: relation"); interests; viewpoints; experiences; achievements;',
      'knowledgeBoundary: era (time, place or story point), knows (what they know about), cannotKnow (topics outside their time or world).',
      'Keep texts short; lists at most 10 items. Answer with one JSON object only.',
    ].join('\n'),
    target: (name: string) => `The character is ${name}.`,
    main: 'The character is the main character of the text (the one who appears and speaks most).',
    draft: 'Current profile (JSON):',
    part: (n: number, total: number) => `Part ${n} of ${total} of the text:`,
    task: 'Return the updated profile as JSON. Write the values in English.',
  },
  zh: {
    system: [
      '你根据原始材料逐段构建一个角色扮演用的角色档案。',
      '只使用文本中的信息，绝不编造。档案里已有的内容要保留（除非文本更正了它），并补充新段落揭示的内容。',
      '字段：name（名字）；identity（背景与身份）；personality（性格）；speakingStyle（说话方式：语气、方言、习惯）；',
      'catchphrases（口头禅）；sampleLines（角色自己说过的原话，逐字摘录，最多16条）；relationships（"名字：关系"）；interests（兴趣）；viewpoints（观点）；experiences（经历）；achievements（成就）；',
      'knowledgeBoundary：era（时代、地点或故事节点），knows（角色了解什么），cannotKnow（超出其时代或世界的话题）。',
      '文字要简短；每个列表最多10项。只输出一个 JSON 对象。',
    ].join('\n'),
    target: (name: string) => `要提取的角色是${name}。`,
    main: '要提取的角色是文本的主角（出场和说话最多的人）。',
    draft: '当前档案（JSON）：',
    part: (n: number, total: number) => `文本第${n}段（共${total}段）：`,
    task: '以 JSON 返回更新后的档案。用中文书写各个值。',
  },
} satisfies Record<PersonaLanguage, unknown>;
