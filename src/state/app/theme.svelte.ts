import type { SettingsRepository } from '../../core/repository.ts';
import { Settings } from './settings.ts';

/** The colour theme the user picked: `system` follows the device (`prefers-color-scheme`). */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** Every choice, in the order of the theme menu. */
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/**
 * The colour theme: the user's choice, saved in the settings (`theme`). It only holds the choice;
 * the UI applies it to the page (src/ui/theme.ts). `system` until {@link restore} reads a saved one.
 */
export class Theme {
  choice = $state<ThemeChoice>('system');
  #settings: Settings | null = null;
  /** The user chose before the saved choice was read: that read must not undo it. */
  #chosen = false;

  /**
   * Reads the saved choice (unless the user already chose in this visit).
   * @throws StorageError when the settings cannot be read.
   */
  async restore(repo: SettingsRepository): Promise<void> {
    this.#settings = new Settings(repo);
    const saved = await this.#settings.get('theme');
    if (!this.#chosen && saved !== undefined) this.choice = saved;
  }

  /**
   * Switches the theme at once and saves the choice (nothing is saved before {@link restore} was called).
   * @throws StorageError when the choice cannot be saved (the switch still applies to this visit).
   */
  async choose(choice: ThemeChoice): Promise<void> {
    this.#chosen = true;
    this.choice = choice;
    await this.#settings?.set('theme', choice);
  }
}
