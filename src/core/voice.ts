/**
 * Voice: replies read aloud with the browser's own speech synthesis (see README, "Voice").
 *
 * The {@link Speech} port lists the voices the system has and speaks one utterance at a time
 * (`src/adapters/speech/web-speech.ts` puts the Web Speech API behind it). This module decides,
 * without the browser:
 * - **what is read** of a reply ({@link spokenParts}): the spoken parts only. A spoken line
 *   (`line` form, stored as `*smiles* Welcome.`) is read without its leading actions; a scene
 *   (`scene` form) is read as its quoted speech (`"…"`, `“…”`, `「…」`, `『…』`), the rest is
 *   narration; a scene without any quotes is read without its `*narration*`. Narration is
 *   skipped, or read as separate utterances in a second voice, as the persona's settings say.
 * - **which voice** reads ({@link pickVoice}): the persona's chosen voice when this device has
 *   it and it speaks the persona's language; else a local (offline) voice of the language; else
 *   any voice of the language; else none, with a {@link SpeechError} that says what to install.
 * - **the utterances** ({@link readingPlan}): each part cut at sentence ends into pieces short
 *   enough for every engine (some stop after about 15 seconds of one utterance).
 */
import { SpeechError } from './errors/index.ts';
import { msg, type Message } from './i18n/message.ts';
import type { NarrationMode, PersonaLanguage, PersonaVoice, ReplyForm } from './persona/index.ts';
import { splitLeadingActions } from './prompt/reply-form.ts';

/** One voice the system offers (the fields of a `SpeechSynthesisVoice`). */
export interface SpeechVoice {
  /** Stable id of the voice on this device; what a persona stores. */
  voiceURI: string;
  name: string;
  /** BCP 47 tag, e.g. `en-GB`, `zh-CN` (some systems write `en_GB`). */
  lang: string;
  /** True for a voice that runs on this device (works offline); false for a network voice. */
  localService: boolean;
  /** The system's default voice. */
  default: boolean;
}

/** One thing to say, with the voice that says it. */
export interface Utterance {
  text: string;
  voiceURI: string;
  lang: string;
  rate: number;
  pitch: number;
}

/** The browser's speech synthesis. */
export interface Speech {
  /** The voices of this system (waits briefly for a list that arrives late); [] when there are none. */
  voices(): Promise<SpeechVoice[]>;
  /**
   * Says `utterance`; resolves when it has been said, or at once when `signal` aborts (the
   * speech stops).
   * @throws SpeechError (`blocked`, `failed`) when the browser refuses or fails.
   */
  speak(utterance: Utterance, signal?: AbortSignal): Promise<void>;
  /** Stops everything being said or waiting to be said. */
  cancel(): void;
}

/** Allowed rate and pitch of a persona's voice (the Web Speech API's useful ranges). */
export const VOICE_RANGES = {
  rate: { min: 0.5, max: 2 },
  pitch: { min: 0, max: 2 },
} as const;

/** The voice settings of a persona that has none. */
export const DEFAULT_VOICE: Readonly<PersonaVoice> = { rate: 1, pitch: 1, narration: 'skip' };

/** The narration choices, in the order the editor lists them. */
export const NARRATION_MODES: readonly NarrationMode[] = ['skip', 'other-voice'];

const clamp = (value: number, range: { min: number; max: number }, fallback: number): number =>
  Number.isFinite(value) ? Math.min(range.max, Math.max(range.min, value)) : fallback;

/** A persona's voice settings, defaults filled in, rate and pitch kept within {@link VOICE_RANGES}. */
export function voiceSettings(voice: PersonaVoice | undefined): PersonaVoice {
  const settings: PersonaVoice = {
    rate: clamp(voice?.rate ?? DEFAULT_VOICE.rate, VOICE_RANGES.rate, DEFAULT_VOICE.rate),
    pitch: clamp(voice?.pitch ?? DEFAULT_VOICE.pitch, VOICE_RANGES.pitch, DEFAULT_VOICE.pitch),
    narration: voice?.narration === 'other-voice' ? 'other-voice' : 'skip',
  };
  if (voice?.voiceURI) settings.voiceURI = voice.voiceURI;
  if (voice?.narrationVoiceURI) settings.narrationVoiceURI = voice.narrationVoiceURI;
  return settings;
}

/** True when `voice` equals the defaults (a persona can then store none). */
export function isDefaultVoice(voice: PersonaVoice): boolean {
  const v = voiceSettings(voice);
  return v.rate === DEFAULT_VOICE.rate && v.pitch === DEFAULT_VOICE.pitch && v.narration === 'skip' && !v.voiceURI && !v.narrationVoiceURI;
}

// ---------------------------------------------------------------------------------------------
// What is read

/** A piece of a reply: what the character says, or the narration around it. */
export interface SpokenPart {
  kind: 'speech' | 'narration';
  text: string;
}

/** Closing mark of each opening quotation mark. */
const QUOTE_PAIRS: Readonly<Record<string, string>> = { '"': '"', '“': '”', '「': '」', '『': '』' };

/** A raw piece of a reply as written: in asterisks, in quotes, or plain; `start`/`end`: where it lies in the text, its marks included. */
interface Piece {
  kind: 'asterisk' | 'quote' | 'plain';
  text: string;
  start: number;
  end: number;
}

/** Splits text into `*…*` narration, quoted speech and plain text (an unclosed mark runs to the end). */
function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let plainStart = 0;
  const flush = (at: number) => {
    if (at > plainStart) out.push({ kind: 'plain', text: text.slice(plainStart, at), start: plainStart, end: at });
  };
  for (let i = 0; i < text.length;) {
    const ch = text[i] ?? '';
    const close = ch === '*' ? '*' : QUOTE_PAIRS[ch];
    if (close === undefined) {
      i++;
      continue;
    }
    flush(i);
    const end = text.indexOf(close, i + 1);
    const inner = text.slice(i + 1, end < 0 ? undefined : end);
    const next = end < 0 ? text.length : end + 1;
    out.push({ kind: ch === '*' ? 'asterisk' : 'quote', text: inner, start: i, end: next });
    i = next;
    plainStart = next;
  }
  flush(text.length);
  return out;
}

/**
 * Where the quoted speech of a text lies, by the same reading as {@link spokenParts}: each
 * quotation (`"…"`, `“…”`, `「…」`, `『…』`) with its marks, in order; a quote inside `*…*` is
 * narration, not speech; an unclosed quote runs to the end. The chat styles these spans
 * (speech apart from narration in a scene, quoted speech highlighted in a spoken line).
 */
export function quotedRanges(text: string): { start: number; end: number }[] {
  return pieces(text)
    .filter((p) => p.kind === 'quote')
    .map(({ start, end }) => ({ start, end }));
}

/** Markdown and spacing that would be read out as symbols: links to their text, emphasis and code marks dropped, one space between words. */
function speakable(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}|>|[-+] )\s*/gm, '')
    .replace(/[*_~`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when a text has something to say (a letter or a digit). */
const sayable = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);

/**
 * The parts of a reply in order, each cleaned for speech, adjacent parts of a kind joined.
 * - `line`: leading actions (`*smiles*`, `(smiles)`, `（笑）`) and any `*…*` are narration;
 *   everything else, quoted or not, is the spoken line.
 * - `scene`: quoted parts are speech and the rest narration; a scene with no quotes at all is
 *   speech except its `*…*` parts.
 */
export function spokenParts(text: string, form: ReplyForm, language: PersonaLanguage): SpokenPart[] {
  const raw: SpokenPart[] = [];
  let body = text.replace(/\*\*([^*\n]+)\*\*/g, '$1');
  if (form === 'line') {
    const { actions, rest } = splitLeadingActions(body);
    raw.push(...actions.map((action): SpokenPart => ({ kind: 'narration', text: action })));
    body = rest;
  }
  const all = pieces(body);
  const quoted = all.some((p) => p.kind === 'quote');
  for (const piece of all) {
    const narration = piece.kind === 'asterisk' || (form === 'scene' && piece.kind === 'plain' && quoted);
    raw.push({ kind: narration ? 'narration' : 'speech', text: piece.text });
  }
  const joiner = language === 'zh' ? '' : ' ';
  const parts: SpokenPart[] = [];
  for (const part of raw) {
    const clean = speakable(part.text);
    const last = parts.at(-1);
    // Punctuation alone (`！` after a quote) joins the part before it when of its kind, else is not read.
    if (last?.kind === part.kind && clean !== '') last.text = `${last.text}${sayable(clean) ? joiner : ''}${clean}`;
    else if (sayable(clean)) parts.push({ kind: part.kind, text: clean });
  }
  return parts;
}

/** The parts read with `narration`: speech only, or speech and narration (adjacent speech joined once narration is dropped). */
export function partsToRead(parts: readonly SpokenPart[], narration: NarrationMode, language: PersonaLanguage): SpokenPart[] {
  if (narration === 'other-voice') return parts.map((p) => ({ ...p }));
  const speech = parts.filter((p) => p.kind === 'speech').map((p) => p.text);
  return speech.length === 0 ? [] : [{ kind: 'speech', text: speech.join(language === 'zh' ? '' : ' ') }];
}

/** Longest utterance, in characters; longer parts are cut at sentence ends, then at commas or spaces. */
export const MAX_UTTERANCE_CHARS = 200;

/** `text` in pieces of at most `max` characters, cut after sentence ends where possible. */
export function chunkText(text: string, max = MAX_UTTERANCE_CHARS): string[] {
  const sentences = text.match(/[^.!?。！？…]+(?:[.!?。！？…]+["'”」』)）]*\s*|$)|[.!?。！？…]+\s*/g) ?? [text];
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string) => {
    const trimmed = piece.trim();
    if (trimmed !== '') chunks.push(trimmed);
  };
  for (const sentence of sentences.flatMap((s) => cutLong(s, max))) {
    if ((current + sentence).trim().length > max) {
      push(current);
      current = sentence;
    } else current += sentence;
  }
  push(current);
  return chunks;
}

/** A sentence longer than `max` cut at commas, then spaces, then anywhere. */
function cutLong(sentence: string, max: number): string[] {
  if (sentence.length <= max) return [sentence];
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const head = rest.slice(0, max);
    const at = Math.max(head.search(/[,，、;；:：][^,，、;；:：]*$/), head.lastIndexOf(' '));
    const cut = at > max / 3 ? at + 1 : max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest !== '') out.push(rest);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Which voice

/** The language name shown in voice messages. */
export function languageName(language: PersonaLanguage): Message {
  return msg(language === 'zh' ? 'voice.language.zh' : 'voice.language.en');
}

const normalTag = (lang: string): string => lang.trim().replace(/_/g, '-').toLowerCase();

/** True when `voice` speaks `language` (Chinese: Mandarin or Cantonese voices; English: any English). */
export function voiceMatches(voice: Pick<SpeechVoice, 'lang'>, language: PersonaLanguage): boolean {
  const tag = normalTag(voice.lang);
  return language === 'zh' ? /^(zh|cmn|yue)(-|$)/.test(tag) : /^en(-|$)/.test(tag);
}

/** How well a voice's variety fits: Simplified (mainland) Chinese before Taiwan, Hong Kong and Cantonese; any English alike. */
function varietyRank(voice: SpeechVoice, language: PersonaLanguage): number {
  if (language !== 'zh') return 0;
  const tag = normalTag(voice.lang);
  if (/^(zh|cmn)(-hans)?(-cn)?$/.test(tag) || /^(zh|cmn)-(hans-)?(cn|sg)$/.test(tag)) return 0;
  if (/^(zh|cmn)-(hant-)?tw$/.test(tag)) return 1;
  return 2;
}

/**
 * The voices of `language`, best first: local (offline) voices before network ones, then the
 * variety that fits (mainland Mandarin first for Chinese), then the system's default.
 */
export function voicesFor(voices: readonly SpeechVoice[], language: PersonaLanguage): SpeechVoice[] {
  const rank = (v: SpeechVoice): number[] => [v.localService ? 0 : 1, varietyRank(v, language), v.default ? 0 : 1];
  return voices
    .map((voice, index) => ({ voice, index, key: rank(voice) }))
    .filter(({ voice }) => voiceMatches(voice, language))
    .sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index)
    .map(({ voice }) => voice);
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Why no voice can read `language`: there are no voices at all, or none of the language. */
export function noVoiceError(voices: readonly SpeechVoice[], language: PersonaLanguage): SpeechError {
  if (voices.length === 0) return new SpeechError('no-voices', msg('voice.error.noVoices'));
  return new SpeechError('no-voice-for-language', msg('voice.error.noVoiceForLanguage', { language: languageName(language) }));
}

/**
 * The voice that reads `language`: `chosenURI` when this device has it and it speaks the
 * language; else the best of {@link voicesFor} (a local one first), skipping `avoidURI` when
 * another voice is there (a narrator different from the character).
 * @throws SpeechError (`no-voices`, `no-voice-for-language`) when no voice speaks the language.
 */
export function pickVoice(voices: readonly SpeechVoice[], language: PersonaLanguage, chosenURI?: string, avoidURI?: string): SpeechVoice {
  const chosen = chosenURI ? voices.find((v) => v.voiceURI === chosenURI) : undefined;
  if (chosen && voiceMatches(chosen, language)) return chosen;
  const fitting = voicesFor(voices, language);
  const best = fitting.find((v) => v.voiceURI !== avoidURI) ?? fitting[0];
  if (!best) throw noVoiceError(voices, language);
  return best;
}

// ---------------------------------------------------------------------------------------------
// The utterances

/** A reply to read: its text, the form it was written in, and the speaker's language and voice settings. */
export interface ReadingRequest {
  text: string;
  form: ReplyForm;
  language: PersonaLanguage;
  voice?: PersonaVoice;
}

/**
 * The utterances that read `request` with `voices`: its spoken parts in the speaker's voice and,
 * when the settings say so, its narration in the narrator's voice; long parts are cut
 * ({@link chunkText}).
 * @throws SpeechError (`no-voices`, `no-voice-for-language`) when no voice speaks the language,
 *   (`nothing-to-read`) when the reply has nothing to read with these settings.
 */
export function readingPlan(request: ReadingRequest, voices: readonly SpeechVoice[]): Utterance[] {
  const settings = voiceSettings(request.voice);
  const speaker = pickVoice(voices, request.language, settings.voiceURI);
  const parts = partsToRead(spokenParts(request.text, request.form, request.language), settings.narration, request.language);
  if (parts.length === 0) {
    throw new SpeechError('nothing-to-read', msg(settings.narration === 'skip' ? 'voice.error.nothingToRead' : 'voice.error.emptyReply'));
  }
  const narrator = parts.some((p) => p.kind === 'narration') ? pickVoice(voices, request.language, settings.narrationVoiceURI, speaker.voiceURI) : speaker;
  return parts.flatMap((part) => {
    const voice = part.kind === 'speech' ? speaker : narrator;
    return chunkText(part.text).map((text) => ({ text, voiceURI: voice.voiceURI, lang: voice.lang, rate: settings.rate, pitch: settings.pitch }));
  });
}

/** What the persona editor's *Test* reads when the persona has no greeting: a line in the persona's language. */
export function testLine(name: string, language: PersonaLanguage): string {
  const who = name.trim();
  if (language === 'zh') return who ? `你好，我是${who}。很高兴认识你。` : '你好，很高兴认识你。';
  return who ? `Hello, I am ${who}. It is good to meet you.` : 'Hello. It is good to meet you.';
}
