import type { Localized } from '../../core/persona/index.ts';
import type { Language } from './locale.svelte.ts';

/** The interface languages. */
export type UiLanguage = Language;

let current: () => UiLanguage = () => 'en';

/** Tells the state layer where to read the interface language (the app's Locale); called once at start-up. */
export function setUiLanguageSource(source: () => UiLanguage): void {
  current = source;
}

/** The interface language right now. */
export function uiLanguage(): UiLanguage {
  return current();
}

/** The text in the interface language of the moment. */
export function inUiLanguage(text: Localized): string {
  return current() === 'zh' ? text.zh : text.en;
}
