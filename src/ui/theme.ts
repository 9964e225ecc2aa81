import { Theme, type ThemeChoice } from '../state/app/theme.svelte.ts';

/**
 * The colour theme of the app: `system` until src/main.ts calls `restore`. The choice lives in
 * state (and the settings); this module is what shows it on the page.
 */
export const theme = new Theme();

/**
 * Shows a theme choice on the page: `data-theme` on <html> (the colour tokens of src/ui/tokens.css
 * follow it) and the `color-scheme` meta element (the browser's own surfaces and form controls follow).
 */
export function applyTheme(doc: Document, choice: ThemeChoice): void {
  doc.documentElement.dataset.theme = choice;
  doc.querySelector('meta[name="color-scheme"]')?.setAttribute('content', choice === 'system' ? 'light dark' : choice);
}
