import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import { EngineError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import {
  customModelRecord,
  customModelThinks,
  describeCustomModel,
  readChatConfig,
  tensorCacheBytes,
  weightsBaseUrl,
  type CustomModelSpec,
} from '../../core/models/custom-model.ts';
import { describeModel, isOfferedQwen, type ModelInfo } from '../../core/models/model-info.ts';
import { loadWebLlm } from './webllm-engine.ts';
import { mapWebLlmError } from './webllm-errors.ts';

/** web-llm's own list plus the user's self-hosted models (custom ids replace same-named ones). */
export async function webLlmAppConfig(custom: readonly CustomModelSpec[] = []): Promise<AppConfig> {
  const webllm = await loadWebLlm();
  const base = webllm.prebuiltAppConfig;
  if (custom.length === 0) return base;
  const ids = new Set(custom.map((c) => c.id));
  const records: ModelRecord[] = custom.map((c) => customModelRecord(c));
  return { ...base, model_list: [...base.model_list.filter((r) => !ids.has(r.model_id)), ...records] };
}

/**
 * Which models have Qwen3's thinking mode, for {@link WebLlmEngine}'s `thinkingModels`: a
 * self-hosted model by its config (or id), a prebuilt one by its id.
 */
export function webLlmThinkingModels(custom: readonly CustomModelSpec[] = []): (modelId: string) => boolean {
  return (modelId) => {
    const spec = custom.find((c) => c.id === modelId);
    return spec ? customModelThinks(spec) : /qwen3/i.test(modelId);
  };
}

/** The Qwen models in web-llm's prebuilt list (read at run time, never copied), then the custom ones. */
export async function listWebLlmModels(custom: readonly CustomModelSpec[] = []): Promise<ModelInfo[]> {
  const webllm = await loadWebLlm();
  const prebuilt = webllm.prebuiltAppConfig.model_list
    .filter((r) => isOfferedQwen(r.model_id) && (r.model_type === undefined || r.model_type === webllm.ModelType.LLM))
    .map((r) => describeModel(r));
  return [...prebuilt, ...custom.filter((c) => c.checked).map(describeCustomModel)];
}

/** Whether the model's files are already in the browser cache. */
export async function isWebLlmModelCached(modelId: string, custom: readonly CustomModelSpec[] = []): Promise<boolean> {
  const webllm = await loadWebLlm();
  return webllm.hasModelInCache(modelId, await webLlmAppConfig(custom));
}

/** Deletes a (possibly partial) cached download of the model. */
export async function deleteWebLlmModel(modelId: string, custom: readonly CustomModelSpec[] = []): Promise<void> {
  const webllm = await loadWebLlm();
  try {
    await webllm.deleteModelAllInfoInCache(modelId, await webLlmAppConfig(custom));
  } catch (error) {
    throw mapWebLlmError(error, modelId, 'delete');
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Which file of a self-hosted model a request is for: a phrase such as "the weight list (tensor-cache.json)". */
const CHAT_CONFIG = msg('engine.webllm.file.chatConfig');
const TENSOR_CACHE = msg('engine.webllm.file.tensorCache');
const MODEL_LIBRARY = msg('engine.webllm.file.library');

async function request(url: string, what: Message, fetcher: Fetch, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url, { cache: 'no-store', ...init });
  } catch (error) {
    throw new EngineError('model-download-failed', msg('engine.webllm.file.unreachable', { url, what }), { cause: error });
  }
  if (response.status === 404) {
    throw new EngineError('model-not-found', msg('engine.webllm.file.notFound', { what, url }));
  }
  if (!response.ok && response.status !== 405 && response.status !== 501) {
    throw new EngineError('http-error', msg('engine.webllm.file.status', { status: response.status, url, what }));
  }
  return response;
}

async function readJson(url: string, what: Message, fetcher: Fetch): Promise<unknown> {
  const response = await request(url, what, fetcher);
  try {
    return await response.json();
  } catch (error) {
    throw new EngineError('invalid-config', msg('engine.webllm.file.notJson', { url, what }), { cause: error });
  }
}

/**
 * Checks that a self-hosted model's files are where the engine will look: mlc-chat-config.json
 * and tensor-cache.json in the weights folder (read for context window, quantization, thinking
 * mode and size),
 * and the model library (HEAD; GET when the server refuses HEAD).
 * @throws EngineError naming the missing file and the exact URL tried; ValidationError for a foreign file.
 */
export async function checkCustomModelFiles(spec: CustomModelSpec, fetcher: Fetch = (u, i) => fetch(u, i)): Promise<CustomModelSpec> {
  const base = weightsBaseUrl(spec.modelUrl);
  const config = readChatConfig(await readJson(new URL('mlc-chat-config.json', base).href, CHAT_CONFIG, fetcher));
  const bytes = tensorCacheBytes(await readJson(new URL('tensor-cache.json', base).href, TENSOR_CACHE, fetcher));
  const head = await request(spec.libUrl, MODEL_LIBRARY, fetcher, { method: 'HEAD' });
  if (!head.ok) {
    const get = await request(spec.libUrl, MODEL_LIBRARY, fetcher);
    await get.body?.cancel();
  }
  return {
    ...spec,
    contextWindow: config.contextWindow,
    quantization: config.quantization,
    thinking: config.thinking ?? customModelThinks(spec),
    downloadBytes: bytes,
    checked: true,
  };
}
