import type { AppConfig } from '@mlc-ai/web-llm';
import { describeModel, isOfferedQwen, type ModelInfo } from '../../core/models/model-info.ts';
import { loadWebLlm } from './webllm-engine.ts';
import { mapWebLlmError } from './webllm-errors.ts';

/** The Qwen models in web-llm's prebuilt list (read at run time, never copied). */
export async function listWebLlmModels(appConfig?: AppConfig): Promise<ModelInfo[]> {
  const webllm = await loadWebLlm();
  const config = appConfig ?? webllm.prebuiltAppConfig;
  return config.model_list
    .filter((r) => isOfferedQwen(r.model_id) && (r.model_type === undefined || r.model_type === webllm.ModelType.LLM))
    .map((r) => describeModel(r));
}

/** Whether the model's files are already in the browser cache. */
export async function isWebLlmModelCached(modelId: string, appConfig?: AppConfig): Promise<boolean> {
  const webllm = await loadWebLlm();
  return webllm.hasModelInCache(modelId, appConfig ?? webllm.prebuiltAppConfig);
}

/** Deletes a (possibly partial) cached download of the model. */
export async function deleteWebLlmModel(modelId: string, appConfig?: AppConfig): Promise<void> {
  const webllm = await loadWebLlm();
  try {
    await webllm.deleteModelAllInfoInCache(modelId, appConfig ?? webllm.prebuiltAppConfig);
  } catch (error) {
    throw mapWebLlmError(error, modelId);
  }
}
