import { findCpuModel } from '../../core/models/cpu-models.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import { savedJudgeUrls } from '../eval/eval-judge-settings.ts';
import { Settings } from '../app/settings.ts';

/**
 * Origins the page must be allowed to reach at start-up (the connect policy): the saved
 * endpoint, a custom CPU model, self-hosted models, the embedding model host, the judge.
 */
export async function savedConnectUrls(settings: SettingsRepository): Promise<string[]> {
  const typed = new Settings(settings);
  const [choice, custom, semantic, judge] = await Promise.all([
    typed.get('engine'),
    typed.get('customModels'),
    typed.get('semanticSearch'),
    savedJudgeUrls(settings),
  ]);
  const endpoint = choice?.kind === 'openai' ? [choice.endpoint.baseUrl] : [];
  const cpu = choice?.kind === 'wllama' && !findCpuModel(choice.modelId) ? [choice.modelId] : [];
  const embedderHost = semantic?.remoteHost ? [semantic.remoteHost] : [];
  return [...endpoint, ...cpu, ...(custom ?? []).flatMap((c) => [c.modelUrl, c.libUrl]), ...embedderHost, ...judge];
}
