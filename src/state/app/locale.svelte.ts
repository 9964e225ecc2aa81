import type { SettingsRepository } from '../../core/repository.ts';
import { formatMessage, interpolate, type Message, type ParamsOf } from '../../core/i18n/message.ts';
import { loadedSections, loadSection, onSection, sectionOf, sectionText, type Section, type SectionTexts } from '../../core/i18n/sections.ts';
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

/**
 * A language besides English: its name in itself (for the language menu) and how to load its
 * start-up catalogue and each section's texts on demand (a section without a loader shows in English).
 */
export interface LanguageEntry<C> {
  name: string;
  load: () => Promise<Partial<Translation<C>>>;
  sections?: Partial<Record<Section, () => Promise<SectionTexts>>>;
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
 *
 * A key of a section (sections.ts) that has not loaded yet has no text: asking for it starts
 * loading the section and shows nothing until then (never the key); the text appears when the
 * section arrives, as every read is reactive. A section's translation loads when both its part
 * and the language are in use.
 */
export class Locale<C extends Record<keyof C, string>, L extends string = Language> {
  /** What the user picked; `auto` follows the browser. */
  choice = $state<LanguageChoice<L | 'en'>>('auto');
  #browser = $state<L | 'en'>('en');
  /** The language the interface is shown in (once its translation has loaded). */
  readonly lang: L | 'en' = $derived(this.choice === 'auto' ? this.#browser : this.choice);
  #translations = $state.raw<Partial<Record<L, Partial<Translation<C>>>>>({});
  readonly #source: Partial<C>;
  readonly #others: Readonly<Record<Exclude<L, 'en'>, LanguageEntry<C>>>;
  readonly #loading = new Map<L, Promise<void>>();
  readonly #sectionLoading = new Map<string, Promise<void>>();
  /** The languages whose start-up catalogue has loaded. */
  readonly #ready = new Set<L>();
  /** Bumped when texts of a section arrive, so reads of its keys run again. */
  #sections = $state(0);
  #settings: SettingsRepository | null = null;
  /** The user chose before the saved choice was read: that read must not undo it. */
  #chosen = false;

  /** `source`: the English start-up texts, by key (a section's come from sections.ts); `others`: the other languages, by code. */
  constructor(source: Partial<C>, others: Readonly<Record<Exclude<L, 'en'>, LanguageEntry<C>>>) {
    this.#source = source;
    this.#others = others;
    onSection((section) => {
      this.#sections += 1;
      if (this.lang !== 'en') this.#ensureSection(this.lang as Exclude<L, 'en'>, section).catch(() => {});
    });
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

  /** The text of `key` in the current language, falling back to English for a key it lacks; empty while its section loads. */
  #text = (key: string): string => {
    void this.#sections;
    const text = this.#translations[this.lang as L]?.[key as keyof C] ?? this.#source[key as keyof C] ?? sectionText(key);
    if (text !== undefined) return text;
    const section = sectionOf(key);
    if (section === undefined) return key;
    this.loadSection(section).catch((error: unknown) => console.error(`Could not load the texts of ${section}`, error));
    return '';
  };

  /**
   * Loads the texts of a section in English and, when the interface shows another language, in
   * that one. Resolves when they can be shown.
   * @throws Error when the texts cannot be loaded.
   */
  async loadSection(section: Section): Promise<void> {
    await loadSection(section);
    if (this.lang !== 'en') await this.#ensureSection(this.lang as Exclude<L, 'en'>, section);
  }

  /** Loads the translation of a section into `lang`'s texts once (a failed load is tried again next time). */
  #ensureSection(lang: Exclude<L, 'en'>, section: Section): Promise<void> {
    const id = `${lang}:${section}`;
    const pending = this.#sectionLoading.get(id);
    if (pending) return pending;
    const load = this.#others[lang].sections?.[section];
    if (!load) return Promise.resolve();
    const loading = load().then(
      (texts) => {
        this.#translations = { ...this.#translations, [lang]: { ...this.#translations[lang as L], ...texts } };
      },
      (error: unknown) => {
        this.#sectionLoading.delete(id);
        throw error;
      },
    );
    this.#sectionLoading.set(id, loading);
    return loading;
  }

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
    if (this.#ready.has(lang)) return Promise.resolve();
    const pending = this.#loading.get(lang);
    if (pending) return pending;
    const loading = this.#others[lang].load().then(
      async (texts) => {
        this.#translations = { ...this.#translations, [lang]: { ...texts, ...this.#translations[lang as L] } };
        this.#ready.add(lang);
        await Promise.all(loadedSections().map((section) => this.#ensureSection(lang, section)));
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
