import { en } from '../../core/i18n/en.ts';
import type { Catalogue } from '../../core/i18n/message.ts';
import { CHINESE_SECTIONS } from '../../core/i18n/sections.ts';
import { Locale } from '../../state/app/locale.svelte.ts';

export type { MessageKey, PlainKey } from '../../core/i18n/message.ts';

/**
 * The interface language of the app: English until src/main.ts calls `follow` and `restore`.
 * Creating it has no side effect; each other language's catalogue is a separate chunk, loaded
 * when needed, and so is each section of a lazily loaded part (src/core/i18n/sections.ts), in each language. Adding a language means adding its catalogue in src/core/i18n and one line here.
 */
export const locale = new Locale<Catalogue>(en, {
  zh: { name: '中文', load: async () => (await import('../../core/i18n/zh.ts')).zh, sections: CHINESE_SECTIONS },
});

/**
 * The interface text of a key in the current language: `t('personas.title')`,
 * `t('persona.moreAbout', { name })`. Reactive: templates and `$derived` re-run when the language changes.
 */
export const t = locale.t;

/** The sentence of a message (from an error or a state class) in the current language; reactive like `t`. */
export const say = locale.say;
