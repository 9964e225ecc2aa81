import type { SettingsRepository } from '../../core/repository.ts';
import { interpolate, type ParamsOf } from './interpolate.ts';
import { Settings } from './settings.ts';

/** The languages the interface is written in. */
export type Language = 'en' | 'zh';

/** What the user picked: a language, or `auto` to follow the browser. */
export type LanguageChoice = Language | 'auto';

/** What is stored under the `ui` setting. */
export interface UiSettings {
  language?: LanguageChoice;
  [other: string]: unknown;
}

/** A translation of the English catalogue `C`: exactly its keys, any text. */
export type Translation<C> = { readonly [K in keyof C]: string };

/** Loads the translations on demand (so the English interface does not download the Chinese text). */
export type TranslationLoaders<C> = Readonly<Record<Exclude<Language, 'en'>, () => Promise<Translation<C>>>>;

const CHOICES: readonly LanguageChoice[] = ['auto', 'en', 'zh'];

/** True for the values a {@link LanguageChoice} may take (anything read back from storage is checked). */
export function isLanguageChoice(value: unknown): value is LanguageChoice {
  return CHOICES.includes(value as LanguageChoice);
}

/**
 * The interface language for the browser's preferred languages (most preferred first): the first
 * one EGOS is written in wins (`zh`, `zh-CN`, `zh-TW`… give Chinese); English when none is.
 */
export function browserLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh' || primary === 'en') return primary;
  }
  return 'en';
}

/**
 * The interface language: the user's choice (saved in settings) or, by default, the browser's.
 * `t` reads the language reactively, so text in templates follows a change without a reload;
 * until a translation has loaded, its texts show in English.
 */
export class Locale<C extends Record<keyof C, string>> {
  /** What the user picked; `auto` follows the browser. */
  choice = $state<LanguageChoice>('auto');
  #browser = $state<Language>('en');
  /** The language the interface is shown in (once its translation has loaded). */
  readonly lang: Language = $derived(this.choice === 'auto' ? this.#browser : this.choice);
  #translations = $state.raw<Partial<Record<Language, Translation<C>>>>({});
  readonly #source: C;
  readonly #loaders: TranslationLoaders<C>;
  readonly #loading = new Map<Language, Promise<void>>();
  #settings: SettingsRepository | null = null;
  /** The user chose before the saved choice was read: that read must not undo it. */
  #chosen = false;

  /** `source`: the English texts, by key; `loaders`: the other languages. */
  constructor(source: C, loaders: TranslationLoaders<C>) {
    this.#source = source;
    this.#loaders = loaders;
  }

  /** The text of `key` in the current language, with its `{placeholders}` filled from `params`. */
  readonly t = <K extends keyof C & string>(key: K, ...params: ParamsOf<C[K]>): string => {
    const template = this.#translations[this.lang]?.[key] ?? this.#source[key];
    return interpolate(template, params[0]);
  };

  /**
   * Follows the browser's preferred languages (at once) and loads that language's texts.
   * Resolves when the interface can be shown in it: before mounting, this avoids a flash of English.
   * @throws Error when the translation cannot be loaded (the interface stays in English).
   */
  follow(browserLanguages: readonly string[]): Promise<void> {
    this.#browser = browserLanguage(browserLanguages);
    return this.#ensure(this.#browser);
  }

  /**
   * Reads the saved choice (unless the user already chose in this visit) and loads its texts.
   * @throws StorageError when the settings cannot be read; Error when the translation cannot be loaded.
   */
  async restore(settings: SettingsRepository): Promise<void> {
    this.#settings = settings;
    const saved = await new Settings(settings).get('ui');
    if (!this.#chosen && isLanguageChoice(saved?.language)) this.choice = saved.language;
    await this.#ensure(this.lang);
  }

  /**
   * Switches the interface language at once and saves the choice (kept with the other interface
   * settings; nothing is saved before {@link restore} was called).
   * @throws StorageError when the choice cannot be saved (the switch still applies to this visit);
   *   Error when the translation cannot be loaded.
   */
  async setLanguage(choice: LanguageChoice): Promise<void> {
    this.#chosen = true;
    this.choice = choice;
    await Promise.all([this.#ensure(this.lang), this.#save(choice)]);
  }

  /** Stores the choice with the other interface settings (a malformed stored value is replaced). */
  async #save(choice: LanguageChoice): Promise<void> {
    const settings = this.#settings;
    if (!settings) return;
    const typed = new Settings(settings);
    const others = (await typed.get('ui')) ?? {};
    await typed.set('ui', { ...others, language: choice });
  }

  /** Loads the texts of `lang` once (a failed load is tried again next time). */
  #ensure(lang: Language): Promise<void> {
    if (lang === 'en' || this.#translations[lang]) return Promise.resolve();
    const pending = this.#loading.get(lang);
    if (pending) return pending;
    const loading = this.#loaders[lang]().then(
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
