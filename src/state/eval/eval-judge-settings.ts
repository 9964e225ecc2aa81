import type { SettingsRepository } from '../../core/repository.ts';
import { Settings } from '../app/settings.ts';

/** The judge server saved for the connect policy (for main.ts to allow at start-up), if any. */
export async function savedJudgeUrls(settings: SettingsRepository): Promise<string[]> {
  const saved = await new Settings(settings).get('evalJudge');
  return saved && saved.baseUrl !== '' ? [saved.baseUrl] : [];
}
