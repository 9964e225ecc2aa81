/**
 * Style drift: how a chat's recent character replies actually read on the style controls that
 * text can show, against the style the chat asks for (the persona's, with the chat's own on top),
 * and the short corrections that go into the newest turn's notes when a control drifts.
 *
 * What is measured, over the last {@link DRIFT_WINDOW} complete replies of one character (a
 * group chat: only that character's, `Message.speakerId`), and how each maps onto the control's
 * levels. These are string checks, not a judge: cheap, deterministic, and blind to what a few
 * words cannot show. Chinese has no spaces: sentences end at 。！？, distinct-n counts characters.
 *
 * | control | figure | levels |
 * | --- | --- | --- |
 * | replyLength | sentences and paragraphs (non-empty lines) per reply | each reply: ≤ 1 sentence → one sentence; ≤ 4 → a few; ≥ 6 over ≥ 2 paragraphs → several paragraphs; else a paragraph. The window: the rounded mean |
 * | emoji | share of replies with an emoji or a kaomoji (^_^, T_T, (´▽`), :) …) | < 20% none, < 60% sometimes, else often |
 * | narration | share of the replies' characters inside `*…*` | < 5% speech only, < 35% brief actions, else rich narration; brief actions only allow them ("you may"), so speech only is no drift from it |
 * | catchphraseFrequency | share of replies with one of the persona's catchphrases | < 15% rarely, < 50% sometimes, else often; skipped without catchphrases |
 * | initiative | share of replies asking a question (a ? outside `*…*`) | < 15% follows you, < 60% balanced, else leads |
 * | emotionalIntensity | share of sentences ending in ! | < 10% restrained, < 40% moderate, else intense |
 * | formality | register markers: casual (gonna, yeah, dude…; 啦 呗 咋 啥 哈哈…), everyday (contractions; plain 你), formal (full forms such as "do not", "I am"; shall, sir, indeed…; 您 请 阁下 在下…) | casual ≥ 30% of the markers → casual; formal ≥ 60% → formal; else everyday; skipped under 3 markers |
 *
 * Humour and warmth are not measured: no string check tells a joke or warmth apart. Narration
 * written without asterisks, a question that ends without "?", a register shown by other words
 * than those listed: none of these is seen. Distinct-1 and distinct-2 are shown as figures only.
 */
import type { Chat } from '../chat.ts';
import { distinctN } from '../eval/distinct-n.ts';
import { speakerOf } from '../group-chat.ts';
import type { Message } from '../message.ts';
import type { StyleControlId, StyleSettings } from '../style-controls.ts';
import { cleanList, pick } from './localized.ts';
import { namesOf, personaText } from './names.ts';
import type { Persona, PersonaLanguage } from './persona.ts';
import { STYLE_CONTROL_IDS, STYLE_CONTROLS } from './style-catalogue.ts';
import { applyStyleOverride } from './style-merge.ts';
import { clampStyleValue } from './style-values.ts';

/** How many of the character's newest complete replies are measured. */
export const DRIFT_WINDOW = 8;

/** Fewest replies in the window before drift is judged (fewer say too little). */
export const DRIFT_MIN_REPLIES = 4;

/** How many levels off target a control must read to drift. */
const DRIFT_LEVELS = 1;

/** Levels whose instruction only allows something: replies that read lower keep to them. */
const ALLOWS: Partial<Record<StyleControlId, number>> = { narration: 1 };

/** The controls that text can show, in the catalogue's order. */
export type MeasuredControl = Exclude<StyleControlId, 'humour' | 'warmth'>;

/** Raw figures of the measured replies, for display (shares are 0..1). */
export interface StyleFigures {
  sentencesPerReply: number;
  paragraphsPerReply: number;
  /** Share of replies with at least one emoji or kaomoji. */
  emojiShare: number;
  /** Share of the replies' characters inside `*…*`. */
  narrationShare: number;
  /** Share of replies with one of the persona's catchphrases; null when it has none. */
  catchphraseShare: number | null;
  /** Share of replies that ask a question (outside narration). */
  questionShare: number;
  /** Share of sentences ending in an exclamation mark. */
  exclamationShare: number;
  /** Register markers found (see the module's table). */
  formality: { casual: number; everyday: number; formal: number };
  distinct1: number | null;
  distinct2: number | null;
}

/** One measured control: the level asked for, the level the replies read at, and whether that is drift. */
export interface ControlReading {
  id: MeasuredControl;
  target: number;
  actual: number;
  /** Off target by a level or more, over at least {@link DRIFT_MIN_REPLIES} replies. */
  drifting: boolean;
}

/** How one character's recent replies read, against the style the chat asks of it. */
export interface StyleReading {
  /** Replies measured (at most {@link DRIFT_WINDOW}). */
  replies: number;
  /** Enough replies to judge drift. */
  enough: boolean;
  /** The style asked for: the persona's with the chat's own on top. */
  target: StyleSettings;
  /** The controls the text could show, in the catalogue's order (none without replies). */
  controls: ControlReading[];
  /** Null without replies. */
  figures: StyleFigures | null;
}

/** A drifting control's correction, as it goes into this turn's notes. */
export interface StyleCorrection {
  id: MeasuredControl;
  target: number;
  actual: number;
  /** The note line: a short lead, then the target level's own instruction (persona's language). */
  note: string;
}

const LEAD = { en: 'Style reminder', zh: '风格提醒' } as const;
const COLON = { en: ': ', zh: '：' } as const;

/** The `*…*` narration parts of a text (bold `**` markers dropped first). */
const NARRATION = /\*[^*\n]+\*/g;
const EMOJI = /\p{Extended_Pictographic}/u;
const KAOMOJI =
  /\^[_\-.~ωᴗ▽]?\^|[>＞][_\-.﹏][<＜]|(?<![A-Za-z0-9])[TＴ][_\-.▽][TＴ](?![A-Za-z0-9])|\([^()\s]{0,4}[´`ω▽◕‿ᴗ・･°д≧≦＾﹏][^()\s]{0,4}\)|（[^（）\s]{0,4}[´`ω▽◕‿ᴗ・･°д≧≦＾﹏][^（）\s]{0,4}）|(?<![A-Za-z0-9])[:;][-']?[)(DPp](?![A-Za-z0-9])|(?<![A-Za-z0-9])xD(?![A-Za-z0-9])/u;
/** A sentence ends at . ! ? … (then closing quotes or asterisks, then a space or the end) or at 。！？ in Chinese. */
const SENTENCE_BREAK = /(?<=[.!?…][*"'”’」』）)\]]*)\s+|(?<=[。！？][*"'”’」』）)\]]*)(?![。！？!?…*"'”’」』）)\]])/u;
const HAS_WORDS = /[\p{L}\p{N}]/u;
const EXCLAIMS = /[!！][^\p{L}\p{N}]*$/u;
const QUESTION = /[?？]/;

const CASUAL_EN = /\b(?:gonna|wanna|gotta|kinda|sorta|dunno|lemme|gimme|y'all|ain't|yeah|yep|yup|nope|nah|hey|dude|bro|lol|lmao|omg|btw)\b/gi;
const EVERYDAY_EN = /\b(?!ain't\b)[a-z]+(?:n't|'m|'re|'ve|'ll|'d)\b|\b(?:it|that|what|there|here|he|she|who|where|let)'s\b/gi;
const FORMAL_EN =
  /\b(?:i am|you are|we are|they are|it is|that is|do not|does not|did not|is not|are not|cannot|will not|would not|i will|let us|shall|indeed|certainly|pardon|sir|madam|kindly|whom|moreover|furthermore|therefore)\b/gi;
const CASUAL_ZH = /哈哈|嘻嘻|嘿嘿|卧槽|咋|啥|俺|咱|啦|呗|嘛|哇|呀|哟|喽/g;
const EVERYDAY_ZH = /你/g;
const FORMAL_ZH = /您|请问|请|贵姓|贵府|鄙人|在下|阁下|劳驾|承蒙|恕我|敬请|荣幸|不胜|冒昧/g;

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;
const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
/** A level from a share and the lower bounds of the levels above the first. */
const levelOf = (value: number, bounds: readonly number[]): number => bounds.filter((b) => value >= b).length;

/** The sentences of a text (line by line; a line without an ending is one sentence). */
function sentencesOf(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.split(SENTENCE_BREAK))
    .map((s) => s.trim())
    .filter((s) => HAS_WORDS.test(s));
}

/** One reply's reply-length level (see the module's table). */
function lengthLevel(sentences: number, paragraphs: number): number {
  if (sentences <= 1) return 0;
  if (sentences <= 4) return 1;
  return paragraphs >= 2 && sentences >= 6 ? 3 : 2;
}

interface ReplyFacts {
  text: string;
  sentences: string[];
  paragraphs: number;
  narrationChars: number;
  chars: number;
  emoji: boolean;
  question: boolean;
  catchphrase: boolean;
}

function factsOf(raw: string, catchphrases: readonly string[]): ReplyFacts {
  const text = raw.replace(/\*\*/g, '').trim();
  const narration = text.match(NARRATION) ?? [];
  const speech = text.replace(NARRATION, ' ');
  const folded = text.normalize('NFKC').toLowerCase();
  const sentences = sentencesOf(text);
  return {
    text,
    sentences,
    paragraphs: text.split('\n').filter((line) => HAS_WORDS.test(line)).length,
    narrationChars: narration.reduce((n, part) => n + [...part].length, 0),
    chars: [...text].length,
    emoji: EMOJI.test(text) || KAOMOJI.test(text),
    question: QUESTION.test(speech),
    catchphrase: catchphrases.some((c) => folded.includes(c)),
  };
}

/** The register markers of the replies (English and Chinese lists both apply: they do not overlap). */
function formalityOf(texts: readonly string[]): StyleFigures['formality'] {
  const all = texts.join('\n').replace(/’/g, "'");
  return {
    casual: count(all, CASUAL_EN) + count(all, CASUAL_ZH),
    everyday: count(all, EVERYDAY_EN) + count(all, EVERYDAY_ZH),
    formal: count(all, FORMAL_EN) + count(all, FORMAL_ZH),
  };
}

/** The formality level the markers show, or null under 3 markers. */
function formalityLevel(markers: StyleFigures['formality']): number | null {
  const total = markers.casual + markers.everyday + markers.formal;
  if (total < 3) return null;
  if (markers.casual / total >= 0.3) return 0;
  return markers.formal / total >= 0.6 ? 2 : 1;
}

/**
 * The complete replies of `persona` in the chat, oldest first, newest `window` of them: character
 * messages after the user's first line (a greeting is the card's, not a reply) that this persona
 * said.
 */
function repliesOf(persona: Pick<Persona, 'id'>, chat: Pick<Chat, 'personaId'>, messages: readonly Message[], window: number): Message[] {
  const first = messages.findIndex((m) => m.role === 'user');
  if (first < 0) return [];
  const replies = messages
    .slice(first + 1)
    .filter((m) => m.role === 'assistant' && m.status === 'complete' && m.text.trim() !== '' && speakerOf(m, chat) === persona.id);
  return replies.slice(-window);
}

/**
 * How `persona`'s newest complete replies in the chat read on each control that text can show,
 * against the style the chat asks for (`persona.style` with the chat's own style on top), with the
 * raw figures. Drift needs at least {@link DRIFT_MIN_REPLIES} replies. Pure: the same messages
 * always give the same reading.
 */
export function readStyle(
  persona: Pick<Persona, 'id' | 'name' | 'user' | 'style' | 'behaviours'>,
  chat: Pick<Chat, 'personaId' | 'style'>,
  messages: readonly Message[],
  window: number = DRIFT_WINDOW,
): StyleReading {
  const target = applyStyleOverride(persona.style, chat.style);
  const names = namesOf(persona);
  const catchphrases = cleanList(persona.behaviours.catchphrases)
    .map((c) => personaText(c, names).normalize('NFKC').toLowerCase())
    .filter((c) => c !== '');
  const replies = repliesOf(persona, chat, messages, window).map((m) => factsOf(m.text, catchphrases));
  const n = replies.length;
  if (n === 0) return { replies: 0, enough: false, target, controls: [], figures: null };
  const sentences = replies.reduce((sum, r) => sum + r.sentences.length, 0);
  const texts = replies.map((r) => r.text);
  const figures: StyleFigures = {
    sentencesPerReply: sentences / n,
    paragraphsPerReply: replies.reduce((sum, r) => sum + r.paragraphs, 0) / n,
    emojiShare: share(replies.filter((r) => r.emoji).length, n),
    narrationShare: share(
      replies.reduce((sum, r) => sum + r.narrationChars, 0),
      replies.reduce((sum, r) => sum + r.chars, 0),
    ),
    catchphraseShare: catchphrases.length === 0 ? null : share(replies.filter((r) => r.catchphrase).length, n),
    questionShare: share(replies.filter((r) => r.question).length, n),
    exclamationShare: share(
      replies.reduce((sum, r) => sum + r.sentences.filter((s) => EXCLAIMS.test(s)).length, 0),
      sentences,
    ),
    formality: formalityOf(texts),
    distinct1: distinctN(texts, 1),
    distinct2: distinctN(texts, 2),
  };
  const actual: Partial<Record<MeasuredControl, number | null>> = {
    replyLength: Math.round(replies.reduce((sum, r) => sum + lengthLevel(r.sentences.length, r.paragraphs), 0) / n),
    formality: formalityLevel(figures.formality),
    emotionalIntensity: levelOf(figures.exclamationShare, [0.1, 0.4]),
    initiative: levelOf(figures.questionShare, [0.15, 0.6]),
    emoji: levelOf(figures.emojiShare, [0.2, 0.6]),
    catchphraseFrequency: figures.catchphraseShare === null ? null : levelOf(figures.catchphraseShare, [0.15, 0.5]),
    narration: levelOf(figures.narrationShare, [0.05, 0.35]),
  };
  const enough = n >= DRIFT_MIN_REPLIES;
  const controls = STYLE_CONTROL_IDS.flatMap((id): ControlReading[] => {
    const level = actual[id as MeasuredControl];
    if (level === undefined || level === null) return [];
    const wanted = clampStyleValue(id, target[id]);
    const kept = ALLOWS[id] === wanted && level < wanted;
    return [{ id: id as MeasuredControl, target: wanted, actual: level, drifting: enough && !kept && Math.abs(level - wanted) >= DRIFT_LEVELS }];
  });
  return { replies: n, enough, target, controls, figures };
}

/**
 * The corrections for a reading's drifting controls, in the catalogue's order: each the target
 * level's own instruction from the catalogue, in `language`, under a short lead. A neutral target
 * (a level without an instruction) gets none: there is nothing to remind the model of.
 */
export function styleCorrections(reading: StyleReading, language: PersonaLanguage): StyleCorrection[] {
  return reading.controls.flatMap((c): StyleCorrection[] => {
    const instruction = c.drifting ? STYLE_CONTROLS[c.id].levels[c.target]?.instruction : null;
    if (!instruction) return [];
    return [{ id: c.id, target: c.target, actual: c.actual, note: `${LEAD[language]}${COLON[language]}${pick(instruction, language)}` }];
  });
}
