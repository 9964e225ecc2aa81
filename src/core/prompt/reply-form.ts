/**
 * Reply forms and how a turn is written in a prompt.
 *
 * Two forms, both with the `Name:` speaker discipline that keeps a small model in role:
 * - **line** — the EGOS report's quote mode: an optional leading action and ONE spoken line,
 *   `Alice: *smiles* "Welcome."`; generation ends at the closing quote.
 * - **scene** — role-play prose: narration and speech, one or more paragraphs, as most cards
 *   from the SillyTavern / Chub ecosystem are written; generation ends when the model ends its
 *   turn or starts another speaker's.
 *
 * English writes `Name: "…"`; Chinese writes `Name：「…」` (full-width colon, corner brackets:
 * their opening and closing marks are different single tokens and `」` almost never occurs
 * inside speech; nested quotes use `『』` or `“”`).
 */
import { userDisplayName, type Persona, type PersonaLanguage, type ReplyForm, parseExampleDialogue, namesOf } from '../persona/index.ts';

/** The two forms, in the order the UI lists them. */
export const REPLY_FORMS: readonly ReplyForm[] = ['line', 'scene'];

/** Who speaks: the character's name, the user's name and the language of the quotes. */
export interface Speakers {
  name: string;
  userName: string;
  language: PersonaLanguage;
  /** A group chat's other characters: a line of theirs in the output ends this one's turn. */
  others?: readonly string[];
}

/** The speakers of a persona's chat (the user's name as the persona gives it). */
export function speakersOf(persona: Pick<Persona, 'name' | 'language' | 'user'>): Speakers {
  return { name: persona.name.trim(), userName: userDisplayName(persona), language: persona.language };
}

/** How a spoken line is punctuated in a language. */
export interface QuoteStyle {
  /** Between the speaker's name and the turn. */
  readonly colon: string;
  readonly open: string;
  readonly close: string;
}

const STYLES: Record<PersonaLanguage, QuoteStyle> = {
  en: { colon: ': ', open: '"', close: '"' },
  zh: { colon: '：', open: '「', close: '」' },
};

/** The quote style of a language. */
export function quoteStyleFor(language: PersonaLanguage): QuoteStyle {
  return STYLES[language];
}

/** `Alice: ` or `林黛玉：`: what opens a turn. */
export function speakerPrefix(speaker: string, language: PersonaLanguage): string {
  return `${speaker}${STYLES[language].colon}`;
}

/** What a line-form turn starts with, up to and including the opening quote: `Alice: "`. */
export function linePrefix(speaker: string, language: PersonaLanguage): string {
  return speakerPrefix(speaker, language) + STYLES[language].open;
}

/** Every mark that opens a quotation, in either language. */
export const OPENING_MARKS = '"“「『';
/** Every mark that closes a quotation, in either language. */
export const CLOSING_MARKS = '"”」』';

const LEADING_ACTION = /^(?:\*([^*\n]+)\*|[(（]([^()（）\n]+)[)）])[ \t]*/;

/** Leading actions (`*smiles*`, `(smiles)`, `（笑）`) without their marks, and the text after them. */
export function splitLeadingActions(text: string): { actions: string[]; rest: string } {
  const actions: string[] = [];
  let rest = text.trimStart();
  for (let m = LEADING_ACTION.exec(rest); m; m = LEADING_ACTION.exec(rest)) {
    const action = (m[1] ?? m[2] ?? '').trim();
    if (action !== '') actions.push(action);
    rest = rest.slice(m[0].length);
  }
  return { actions, rest };
}

/** The shown text of a line: actions as `*…*`, then the speech (Chinese text needs no spaces between them). */
export function joinActions(actions: readonly string[], speech: string, language: PersonaLanguage = 'en'): string {
  return [...actions.map((a) => `*${a}*`), speech].filter((x) => x !== '').join(language === 'zh' ? '' : ' ');
}

/** True when the text already carries its own quotation marks at its start or end. */
function alreadyQuoted(text: string): boolean {
  return OPENING_MARKS.includes(text[0] ?? '') || CLOSING_MARKS.includes(text.at(-1) ?? '');
}

/**
 * A turn as the prompt writes it, never quoting twice.
 * - scene: `Name: text` exactly as written (narration and speech keep their own marks);
 * - line: leading actions, then the speech in quotes: `Name: *smiles* "Hello."`; a speech that
 *   already has its own quotes, or runs over several lines or carries more narration, is
 *   written as it is: `Name: "Shut that door."`.
 */
export function formatTurn(speaker: string, text: string, form: ReplyForm, language: PersonaLanguage): string {
  const body = text.trim();
  const prefix = speakerPrefix(speaker, language);
  if (form === 'scene' || body === '') return prefix + body;
  const { actions, rest } = splitLeadingActions(body);
  if (rest === '' || alreadyQuoted(rest) || rest.includes('\n') || rest.includes('*')) return prefix + body;
  const style = STYLES[language];
  return prefix + joinActions(actions, `${style.open}${rest}${style.close}`, language);
}

/** Quoted parts (`"…"`, `“…”`, `「…」`) in a text. */
function quotedParts(text: string): number {
  return (text.match(/"[^"\n]+"|“[^”]+”|「[^」]+」/g) ?? []).length;
}

/** Narration in asterisks beyond a short leading action. */
function narrationParts(text: string): number {
  return (text.match(/\*[^*\n]{2,}\*/g) ?? []).length;
}

/** True when a text reads as role-play prose rather than one spoken line. */
export function isProse(text: string): boolean {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (t === '') return false;
  if (/\n\s*\n/.test(t) || t.split('\n').length > 2) return true;
  const quotes = quotedParts(t);
  const narration = narrationParts(t);
  if (quotes >= 2 || narration >= 2) return true;
  if (quotes === 1 && narration === 1) {
    const { actions, rest } = splitLeadingActions(t);
    return !(actions.length === 1 && alreadyQuoted(rest.trim()) && (actions[0]?.length ?? 0) <= 60);
  }
  return quotes === 0 && narration === 0 && [...t].length > 280;
}

/**
 * The form a persona's chats start with, read from how its greetings and the character's
 * example turns are written: prose (several quoted parts, narration, paragraphs, or long text
 * without quotes) → scene; plain spoken lines → line. A persona with neither gets line, the
 * research's quote mode. Chinese companion cards are usually plain lines and get line.
 */
export function suggestReplyForm(samples: { greetings: readonly string[]; exampleTurns: readonly string[] }): ReplyForm {
  const greeting = samples.greetings.find((g) => g.trim() !== '');
  if (greeting !== undefined && isProse(greeting)) return 'scene';
  const turns = samples.exampleTurns.filter((t) => t.trim() !== '');
  if (turns.length === 0) return 'line';
  const prose = turns.filter(isProse).length;
  return prose * 2 >= turns.length ? 'scene' : 'line';
}

/** The form a persona's card text suggests (see {@link suggestReplyForm}). */
export function suggestFormFor(persona: Pick<Persona, 'name' | 'user' | 'greeting' | 'alternateGreetings' | 'sampleDialogues'>): ReplyForm {
  const scenes = parseExampleDialogue(persona.sampleDialogues, namesOf(persona));
  return suggestReplyForm({
    greetings: [persona.greeting, ...persona.alternateGreetings],
    exampleTurns: scenes.flatMap((s) => s.filter((t) => t.speaker === 'char').map((t) => t.text)),
  });
}
