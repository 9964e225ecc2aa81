import { ValidationError } from '../errors/index.ts';
import { english, msg } from '../i18n/message.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import type { Persona } from './persona.ts';
import type { StyleControlId, StyleSettings } from '../style-controls.ts';
import { isRecord, jsonAnswer } from '../llm-output.ts';
import { cleanList, cleanText } from './localized.ts';
import { namesOf, personaText } from './names.ts';
import { STYLE_CONTROL_IDS, STYLE_CONTROLS } from './style-catalogue.ts';
import { clampStyleValue } from './style-values.ts';

/** Default cap on the material sent for inference, in characters. */
export const INFER_MATERIAL_MAX_CHARS = 6000;

/** Options for {@link buildInferStyleRequest}. */
export interface InferStyleOptions {
  /** Extra source text (a novel excerpt, a wiki page) pasted by the user. */
  sourceText?: string;
  /** Cap on the material in characters; longer material is cut. */
  maxChars?: number;
}

/** JSON schema of the answer: one integer level per style control. */
export function inferStyleSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const id of STYLE_CONTROL_IDS) {
    properties[id] = { type: 'integer', enum: STYLE_CONTROLS[id].levels.map((_, i) => i) };
  }
  return { type: 'object', properties, required: [...STYLE_CONTROL_IDS], additionalProperties: false };
}

function scaleLines(): string {
  return STYLE_CONTROL_IDS.map((id) => {
    const levels = STYLE_CONTROLS[id].levels.map((l, i) => `${i} = ${english(l.label)}`).join(', ');
    return `- ${id} (${english(STYLE_CONTROLS[id].label)}): ${levels}`;
  }).join('\n');
}

function material(persona: Persona, options: InferStyleOptions): string {
  const names = namesOf(persona);
  const parts = [
    personaText(persona.sampleDialogues, names),
    personaText(persona.greeting, names),
    ...cleanList(persona.behaviours.catchphrases).map((c) => personaText(c, names)),
    personaText(persona.behaviours.speakingStyle, names),
    cleanText(options.sourceText ?? ''),
  ].filter((p) => p !== '');
  const text = parts.join('\n\n');
  const max = options.maxChars ?? INFER_MATERIAL_MAX_CHARS;
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/**
 * A constrained-JSON request asking the model to set every style control from the persona's
 * sample dialogues, greeting, catchphrases and speaking style, plus optional source text.
 * @throws ValidationError `empty` when there is no material to infer from.
 */
export function buildInferStyleRequest(persona: Persona, options: InferStyleOptions = {}): CompletionRequest {
  const text = material(persona, options);
  if (!text) {
    throw new ValidationError('empty', msg('persona.error.noStyleMaterial'));
  }
  const { char } = namesOf(persona);
  const user = [
    `Character: ${char}`,
    `Scales (answer with the number of the level):\n${scaleLines()}`,
    `Material:\n"""\n${text}\n"""`,
    `Rate each scale from how ${char} talks in the material. Answer with one JSON object whose keys are the scale ids and whose values are level numbers.`,
  ].join('\n\n');
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: 'You read role-play material and rate how a character speaks on fixed scales. Answer with JSON only.' },
        { role: 'user', content: user },
      ],
    },
    responseFormat: { type: 'json', schema: inferStyleSchema() },
    maxTokens: 160,
    sampling: { temperature: 0 },
    enableThinking: false,
  };
}

/**
 * The level labels in Chinese, as a model may answer with them (the prompt lists the English ones).
 * A parsing table, not interface text: the labels shown are in the catalogues, and importing the
 * Chinese catalogue here would put it in every English page's download.
 */
const CHINESE_ANSWERS: Readonly<Record<string, string>> = {
  'persona.style.replyLength.oneSentence': '一句短话',
  'persona.style.replyLength.fewSentences': '几句话',
  'persona.style.replyLength.paragraph': '一段话',
  'persona.style.replyLength.severalParagraphs': '好几段',
  'persona.style.formality.casual': '随意',
  'persona.style.formality.everyday': '日常',
  'persona.style.formality.formal': '正式',
  'persona.style.emotionalIntensity.restrained': '克制',
  'persona.style.emotionalIntensity.moderate': '适中',
  'persona.style.emotionalIntensity.intense': '强烈',
  'persona.style.humour.serious': '严肃',
  'persona.style.humour.nowAndThen': '偶尔幽默',
  'persona.style.humour.playful': '爱开玩笑',
  'persona.style.initiative.followsYou': '跟随你',
  'persona.style.initiative.balanced': '平衡',
  'persona.style.initiative.leads': '主导',
  'persona.style.warmth.cold': '冷淡',
  'persona.style.warmth.neutral': '中立',
  'persona.style.warmth.warm': '温暖',
  'persona.style.warmth.affectionate': '亲昵',
  'persona.style.emoji.none': '不用',
  'persona.style.emoji.sometimes': '偶尔',
  'persona.style.emoji.often': '经常',
  'persona.style.catchphraseFrequency.rarely': '很少',
  'persona.style.catchphraseFrequency.sometimes': '有时',
  'persona.style.catchphraseFrequency.often': '经常',
  'persona.style.narration.speechOnly': '只说话',
  'persona.style.narration.briefActions': '简短动作',
  'persona.style.narration.richNarration': '丰富描写',
};

/** A level index from a number, a numeric string or a level label (English or Chinese); null if none. */
function levelOf(id: StyleControlId, value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? clampStyleValue(id, value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(text)) return clampStyleValue(id, Number(text));
  const index = STYLE_CONTROLS[id].levels.findIndex((l) => english(l.label).toLowerCase() === text || CHINESE_ANSWERS[l.label.key] === text);
  return index >= 0 ? index : null;
}

/**
 * Reads the model's style answer defensively: JSON may be wrapped in prose or a code fence
 * or nested under `style`; values are clamped into each scale; unusable values are skipped.
 * @throws ValidationError `bad-json` when no JSON can be read, `invalid` when it holds no usable value.
 */
export function parseInferredStyle(text: string): Partial<StyleSettings> {
  const json = jsonAnswer(text);
  const root = isRecord(json) && isRecord(json.style) ? json.style : json;
  const result: Partial<StyleSettings> = {};
  if (isRecord(root)) {
    for (const id of STYLE_CONTROL_IDS) {
      const level = levelOf(id, root[id]);
      if (level !== null) result[id] = level;
    }
  }
  if (Object.keys(result).length === 0) {
    throw new ValidationError('invalid', msg('persona.error.noStyleValues'));
  }
  return result;
}
