import type { EngineChoice } from '../../core/endpoint-config.ts';
import { findCpuModel } from '../../core/models/cpu-models.ts';
import type { CustomModelSpec } from '../../core/models/custom-model.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import { SEMANTIC_SETTINGS_KEY, type SemanticSettings } from '../memory/embedding-state.svelte.ts';
import { savedJudgeUrls } from '../eval/eval-judge-settings.ts';

/** Settings key of the engine choice. */
export const ENGINE_SETTINGS_KEY = 'engine';
/** Settings key of the user's self-hosted WebLLM models. */
export const CUSTOM_MODELS_KEY = 'customModels';

/**
 * Origins the page must be allowed to reach at start-up (the connect policy): the saved
 * endpoint, a custom CPU model, self-hosted models, the embedding model host, the judge.
 */
export async function savedConnectUrls(settings: SettingsRepository): Promise<string[]> {
  const [choice, custom, semantic, judge] = await Promise.all([
    settings.get<EngineChoice>(ENGINE_SETTINGS_KEY),
    settings.get<CustomModelSpec[]>(CUSTOM_MODELS_KEY),
    settings.get<SemanticSettings>(SEMANTIC_SETTINGS_KEY),
    savedJudgeUrls(settings),
  ]);
  const endpoint = choice?.kind === 'openai' ? [choice.endpoint.baseUrl] : [];
  const cpu = choice?.kind === 'wllama' && !findCpuModel(choice.modelId) ? [choice.modelId] : [];
  const embedderHost = semantic?.remoteHost ? [semantic.remoteHost] : [];
  return [...endpoint, ...cpu, ...(custom ?? []).flatMap((c) => [c.modelUrl, c.libUrl]), ...embedderHost, ...judge];
}
