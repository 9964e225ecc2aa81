import type { SettingsRepository } from '../../core/repository.ts';

/** Settings key of the judge server last used, which the page's connect policy must allow. */
export const EVAL_JUDGE_KEY = 'eval-judge';

/** The judge server saved for the connect policy (for main.ts to allow at start-up), if any. */
export async function savedJudgeUrls(settings: SettingsRepository): Promise<string[]> {
  const saved = await settings.get<{ baseUrl?: unknown }>(EVAL_JUDGE_KEY);
  return typeof saved?.baseUrl === 'string' && saved.baseUrl !== '' ? [saved.baseUrl] : [];
}
