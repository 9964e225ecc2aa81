import { Locale } from '../../state/app/locale.svelte.ts';
import type { PlaceholdersOf } from '../../state/app/interpolate.ts';
import { en, type MessageKey } from './en.ts';

export type { MessageKey } from './en.ts';

/** A key whose text has no `{placeholders}` (so `t(key)` needs no values): for tables of keys. */
export type PlainKey = { [K in MessageKey]: [PlaceholdersOf<(typeof en)[K]>] extends [never] ? K : never }[MessageKey];

/**
 * The interface language of the app: English until src/main.ts calls `follow` and `restore`.
 * Creating it has no side effect; the Chinese texts are a separate chunk, loaded when needed.
 */
export const locale = new Locale(en, { zh: async () => (await import('./zh.ts')).zh });

/**
 * The interface text of a key in the current language: `t('personas.title')`,
 * `t('persona.moreAbout', { name })`. Reactive: templates and `$derived` re-run when the language changes.
 */
export const t = locale.t;
