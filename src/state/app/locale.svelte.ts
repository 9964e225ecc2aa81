import type { SettingsRepository } from '../../core/repository.ts';
import { formatMessage, interpolate, type Message, type ParamsOf } from '../../core/i18n/message.ts';
import { Settings } from './settings.ts';

/** The languages the app's own catalogues are written in (a test may register others, e.g. a pseudo-locale). */
export type Language = 'en' | 'zh';

/** What the user picked: a language, or `auto` to follow the browser. */
export type LanguageChoice<L extends string = Language> = L | 'auto';

/** What is stored under the `ui` setting. */
export interface UiSettings {
  language?: string;
  [other: string]: unknown;
}

/** A translation of the English catalogue `C`: exactly its keys, any text. */
export type Translation<C> = { readonly [K in keyof C]: string };

/** A language besides English: its name in itself (for the language menu) and how to load its catalogue on demand. */
export interface LanguageEntry<C> {
  name: string;
  load: () => Promise<Translation<C>>;
}

/**
 * The interface language for the browser's preferred languages (most preferred first): the first
 * one in `available` wins, by primary subtag (`zh`, `zh-CN`, `zh-TW`… give `zh`); English when none is.
 */
export function browserLanguage<L extends string>(preferred: readonly string[], available: readonly L[]): L | 'en' {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'en') return 'en';
    const found = available.find((lang) => lang.toLowerCase() === primary);
    if (found) return found;
  }
  return 'en';
}

/**
 * The interface language: the user's choice (saved in settings) or, by default, the browser's.
 * `t` and `say` read the language reactively, so text in templates follows a change without a
 * reload; until a translation has loaded, its texts show in English. A language is added by
 * giving one more catalogue to the constructor: nothing else names the languages.
 */
export class Locale<C extends Record<keyof C, string>, L extends string = Language> {
  /** What the user picked; `auto` follows the browser. */
  choice = $state<LanguageChoice<L | 'en'>>('auto');
  #browser = $state<L | 'en'>('en');
  /** The language the interface is shown in (once its translation has loaded). */
  readonly lang: L | 'en' = $derived(this.choice === 'auto' ? this.#browser : this.choice);
  #translations = $state.raw<Partial<Record<L, Translation<C>>>>({});
  readonly #source: C;
  readonly #others: Readonly<Record<Exclude<L, 'en'>, LanguageEntry<C>>>;
  readonly #loading = new Map<L, Promise<void>>();
  #settings: SettingsRepository | null = null;
  /** The user chose before the saved choice was read: that read must not undo it. */
  #chosen = false;

  /** `source`: the English texts, by key; `others`: the other languages, by code. */
  constructor(source: C, others: Readonly<Record<Exclude<L, 'en'>, LanguageEntry<C>>>) {
    this.#source = source;
    this.#others = others;
  }

  /** Every language, English first, with its name in itself: for the language menu. */
  get languages(): ReadonlyArray<{ code: L | 'en'; name: string }> {
    const others = Object.entries(this.#others) as Array<[Exclude<L, 'en'>, LanguageEntry<C>]>;
    return [{ code: 'en', name: 'English' }, ...others.map(([code, entry]) => ({ code, name: entry.name }))];
  }

  /** True for the values a choice may take: `auto` or a language this locale has (anything read back from storage is checked). */
  isChoice(value: unknown): value is LanguageChoice<L | 'en'> {
    return value === 'auto' || value === 'en' || (typeof value === 'string' && Object.hasOwn(this.#others, value));
  }

  /** The text of `key` in the current language, falling back to English for a key it lacks. */
  #text = (key: string): string => this.#translations[this.lang as L]?.[key as keyof C] ?? this.#source[key as keyof C] ?? key;

  /** The text of `key` in the current language, with its `{placeholders}` filled from `params`. */
  readonly t = <K extends keyof C & string>(key: K, ...params: ParamsOf<C[K]>): string => interpolate(this.#text(key), params[0]);

  /** The sentence of a message (an error's or a state's) in the current language; reactive like {@link t}. */
  readonly say = (message: Message): string => formatMessage(message, this.#text);

  /**
   * Follows the browser's preferred languages (at once) and loads that language's texts.
   * Resolves when the interface can be shown in it: before mounting, this avoids a flash of English.
   * @throws Error when the translation cannot be loaded (the interface stays in English).
   */
  follow(browserLanguages: readonly string[]): Promise<void> {
    this.#browser = browserLanguage(browserLanguages, Object.keys(this.#others) as Array<Exclude<L, 'en'>>);
    return this.#ensure(this.#browser);
  }

  /**
   * Reads the saved choice (unless the user already chose in this visit) and loads its texts.
   * @throws StorageError when the settings cannot be read; Error when the translation cannot be loaded.
   */
  async restore(settings: SettingsRepository): Promise<void> {
    this.#settings = settings;
    const saved = await new Settings(settings).get('ui');
    if (!this.#chosen && this.isChoice(saved?.language)) this.choice = saved.language;
    await this.#ensure(this.lang);
  }

  /**
   * Switches the interface language at once and saves the choice (kept with the other interface
   * settings; nothing is saved before {@link restore} was called).
   * @throws StorageError when the choice cannot be saved (the switch still applies to this visit);
   *   Error when the translation cannot be loaded.
   */
  async setLanguage(choice: LanguageChoice<L | 'en'>): Promise<void> {
    this.#chosen = true;
    this.choice = choice;
    await Promise.all([this.#ensure(this.lang), this.#save(choice)]);
  }

  /** Stores the choice with the other interface settings (a malformed stored value is replaced). */
  async #save(choice: LanguageChoice<L | 'en'>): Promise<void> {
    const settings = this.#settings;
    if (!settings) return;
    const typed = new Settings(settings);
    const others = (await typed.get('ui')) ?? {};
    await typed.set('ui', { ...others, language: choice });
  }

  /** Loads the texts of `lang` once (a failed load is tried again next time). */
  #ensure(code: L | 'en'): Promise<void> {
    if (code === 'en') return Promise.resolve();
    const lang = code as Exclude<L, 'en'>;
    if (this.#translations[lang]) return Promise.resolve();
    const pending = this.#loading.get(lang);
    if (pending) return pending;
    const loading = this.#others[lang].load().then(
      (texts) => {
        this.#translations = { ...this.#translations, [lang]: texts };
      },
      (error: unknown) => {
        this.#loading.delete(lang);
        throw error;
      },
    );
    this.#loading.set(lang, loading);
    return loading;
  }
}
