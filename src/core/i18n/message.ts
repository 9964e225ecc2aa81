import { en } from './en.ts';
import type { booksEn } from './sections/books.en.ts';
import type { cardsEn } from './sections/cards.en.ts';
import type { chatEn } from './sections/chat.en.ts';
import type { dataEn } from './sections/data.en.ts';
import type { editorEn } from './sections/editor.en.ts';
import type { enginesEn } from './sections/engines.en.ts';
import type { evalEn } from './sections/eval.en.ts';
import type { memoryEn } from './sections/memory.en.ts';
import type { onboardingEn } from './sections/onboarding.en.ts';
import { sectionOf, sectionText } from './sections.ts';

/**
 * Messages: what the app says to the user, as a key into the catalogues and the values of its
 * `{placeholders}`. A message is data: it is made where the text arises (an error, a state
 * change), stored and posted as it is, and turned into a sentence only when it is shown, in the
 * language of that moment ({@link formatMessage}). Every sentence lives in one catalogue per
 * language (the English texts are the source of truth for the keys; the others are typed by them).
 * The English texts are the start-up catalogue `en.ts` and the sections of lazily loaded parts
 * (`sections.ts`): the types of every section are known here, their texts only once loaded.
 */

/** The English catalogue's type, start-up texts and every section: each key's text as a literal, so placeholders are checked. */
export type Catalogue = typeof en &
  typeof booksEn &
  typeof cardsEn &
  typeof chatEn &
  typeof dataEn &
  typeof editorEn &
  typeof enginesEn &
  typeof evalEn &
  typeof memoryEn &
  typeof onboardingEn;

/** A key of the interface text (in the start-up catalogue or in a section). */
export type MessageKey = keyof Catalogue;

/** A translation of the English catalogue: exactly its keys, any text. */
export type Translation = { readonly [K in MessageKey]: string };

/** A value for a placeholder: text or a number as it is, or another message (shown in the same language). */
export type MessageParam = string | number | Message;

/** Something the app says to the user: a catalogue key and the values of its placeholders. */
export interface Message {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** The `{name}` placeholders of a message template, as a union of their names (`never` when none). */
export type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never;

/** The rest parameters a template needs: nothing without placeholders, else one value of type `V` per placeholder. */
export type ParamsOf<S extends string, V = string | number> = [PlaceholdersOf<S>] extends [never] ? [] : [params: Record<PlaceholdersOf<S>, V>];

/** A key whose text has no `{placeholders}` (so it needs no values): for tables of keys. */
export type PlainKey = { [K in MessageKey]: [PlaceholdersOf<Catalogue[K]>] extends [never] ? K : never }[MessageKey];

/**
 * The message of `key` with the values of its placeholders (type-checked against the English text):
 * `msg('storage.quota')`, `msg('source.tooLarge', { what: msg('source.file'), size: '12 MB' })`.
 */
export function msg<K extends MessageKey>(key: K, ...params: ParamsOf<Catalogue[K], MessageParam>): Message {
  const values = params[0] as Readonly<Record<string, MessageParam>> | undefined;
  return values === undefined ? { key } : { key, params: values };
}

/** True when `value` has the shape of a {@link Message} with a key of the start-up catalogue or of a section (checked after a worker boundary). */
export function isMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false;
  const { key, params } = value as { key?: unknown; params?: unknown };
  const known = typeof key === 'string' && (Object.hasOwn(en, key) || sectionOf(key) !== undefined);
  return known && (params === undefined || (typeof params === 'object' && params !== null));
}

/** The English text of a key: from the start-up catalogue or a registered section; undefined while its section has not loaded. */
export function englishText(key: MessageKey): string | undefined {
  return Object.hasOwn(en, key) ? en[key as keyof typeof en] : sectionText(key);
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of the `{name}` placeholders in a template, in order of appearance (repeats kept). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Fills the `{name}` placeholders of a template; a placeholder without a value is left as it is,
 * so a mistake shows on screen instead of an empty gap.
 */
export function interpolate(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The sentence of `message`, with texts read by `text` (the catalogue of one language, falling
 * back to English for a key it lacks); a parameter that is itself a message is formatted the same way.
 * The key itself stands in only for a key of a section that has not loaded: the app's screens
 * read through the locale, which loads the section and shows it instead.
 */
export function formatMessage(message: Message, text: (key: MessageKey) => string | undefined = englishText): string {
  const template = text(message.key) ?? englishText(message.key) ?? message.key;
  if (!message.params) return template;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params)) values[name] = typeof value === 'object' ? formatMessage(value, text) : value;
  return interpolate(template, values);
}

/** The English sentence of `message` (for logs, errors' `message` and tests). */
export function english(message: Message): string {
  return formatMessage(message);
}
