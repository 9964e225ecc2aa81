import { providerOf, type EngineProviders } from '../../core/models/engine-provider.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import { savedJudgeUrls } from '../eval/eval-judge-settings.ts';
import { Settings } from '../app/settings.ts';

/**
 * Origins the page must be allowed to reach at start-up (the connect policy): what the saved
 * engine choice needs (its provider says: a server, a GGUF URL), self-hosted models, the embedding model host, the judge.
 */
export async function savedConnectUrls(settings: SettingsRepository, engines: EngineProviders): Promise<string[]> {
  const typed = new Settings(settings);
  const [choice, custom, semantic, judge] = await Promise.all([
    typed.get('engine'),
    typed.get('customModels'),
    typed.get('semanticSearch'),
    savedJudgeUrls(settings),
  ]);
  const chosen = choice ? providerOf(engines, choice).connectUrls(choice) : [];
  const embedderHost = semantic?.remoteHost ? [semantic.remoteHost] : [];
  return [...chosen, ...(custom ?? []).flatMap((c) => [c.modelUrl, c.libUrl]), ...embedderHost, ...judge];
}
