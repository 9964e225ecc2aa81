import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { describeModel, type ModelInfo } from './model-info.ts';

/**
 * A self-hosted MLC model the user added: compiled weights in a folder (mlc-chat-config.json,
 * tensor-cache.json and shards, tokenizer files) and a compiled model library (.wasm).
 */
export interface CustomModelSpec {
  /** Engine model id chosen by the user, e.g. "my-qwen3-1.7b-q4f16_1-MLC". */
  id: string;
  /** Absolute URL of the weights folder, as entered (resolved against the page). */
  modelUrl: string;
  /** Absolute URL of the compiled model library (.wasm). */
  libUrl: string;
  /** GPU memory the user expects the model to need, in MB (optional). */
  vramMB?: number;
  /** Read from mlc-chat-config.json when the files were checked (the model's own window; see {@link customContextWindow}). */
  contextWindow?: number;
  /**
   * The model has Qwen3's thinking mode: mlc-chat-config.json says `model_type: "qwen3"` (read when
   * the files were checked). Unset: guessed from the id ({@link customModelThinks}).
   */
  thinking?: boolean;
  /** Read from mlc-chat-config.json, e.g. "q4f16_1". */
  quantization?: string;
  /** Sum of the weight shards listed in tensor-cache.json. */
  downloadBytes?: number;
  /** The files were found and read. */
  checked: boolean;
}

/** What the custom-model form collects. */
export interface CustomModelInput {
  id: string;
  modelUrl: string;
  libUrl: string;
  vramMB?: number | null;
}

const ID_PATTERN = /^[A-Za-z0-9][\w.-]{0,119}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `field`: the form field's name, e.g. `msg('models.custom.weightsUrl')`. */
function parseUrl(field: Message, value: string, pageUrl: string): URL {
  const text = value.trim();
  if (!text) throw new ValidationError('empty', msg('models.custom.enter', { field }));
  if (!URL.canParse(text, pageUrl)) throw new ValidationError('invalid', msg('models.custom.badUrl', { field, url: text }));
  const url = new URL(text, pageUrl);
  const page = new URL(pageUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError('invalid', msg('models.custom.needsHttps', { field }));
  }
  if (url.protocol === 'http:' && page.protocol === 'https:' && !LOCAL_HOSTS.has(url.hostname) && url.origin !== page.origin) {
    throw new ValidationError('invalid', msg('models.custom.mixedContent', { field }));
  }
  url.hash = '';
  return url;
}

/**
 * Checks the form input and resolves relative URLs against the page (same-origin hosting).
 * @throws ValidationError naming the field that is wrong.
 */
export function parseCustomModelInput(input: CustomModelInput, pageUrl: string): CustomModelSpec {
  const id = input.id.trim();
  if (!id) {
    throw new ValidationError('empty', msg('models.custom.noId'));
  }
  if (!ID_PATTERN.test(id)) {
    throw new ValidationError('invalid', msg('models.custom.badId'));
  }
  const modelUrl = parseUrl(msg('models.custom.weightsUrl'), input.modelUrl, pageUrl);
  const libUrl = parseUrl(msg('models.custom.libUrl'), input.libUrl, pageUrl);
  if (!libUrl.pathname.endsWith('.wasm')) {
    throw new ValidationError('invalid', msg('models.custom.notWasm'));
  }
  const vram = input.vramMB ?? undefined;
  if (vram !== undefined && (!Number.isFinite(vram) || vram < 0)) {
    throw new ValidationError('invalid', msg('models.custom.badVram'));
  }
  return { id, modelUrl: modelUrl.href, libUrl: libUrl.href, vramMB: vram || undefined, checked: false };
}

/**
 * The folder the engine reads the weights from. Like WebLLM, a URL without a
 * `/resolve/<branch>/` part gets `resolve/main/` appended (Hugging Face's layout).
 */
export function weightsBaseUrl(modelUrl: string): string {
  const withSlash = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
  return new URL(/.+\/resolve\/.+\//.test(withSlash) ? withSlash : `${withSlash}resolve/main/`).href;
}

/** What mlc-chat-config.json tells about a model. */
export interface ChatConfigSummary {
  contextWindow?: number;
  quantization?: string;
  /** `model_type` names a Qwen3 model (which has a thinking mode); unset when the file has no model_type. */
  thinking?: boolean;
}

function asRecord(value: unknown, file: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('wrong-type', msg('models.custom.notMlcFile', { file }));
  }
  return value as Record<string, unknown>;
}

/**
 * Reads the context window and quantization from a parsed mlc-chat-config.json.
 * @throws ValidationError when the file is not an MLC chat config.
 */
export function readChatConfig(json: unknown): ChatConfigSummary {
  const config = asRecord(json, 'mlc-chat-config.json');
  if (!('conv_template' in config) && !('model_type' in config) && !('context_window_size' in config)) {
    throw new ValidationError('wrong-type', msg('models.custom.notChatConfig'));
  }
  const window = config.context_window_size;
  const quantization = config.quantization;
  const modelType = config.model_type;
  return {
    contextWindow: typeof window === 'number' && window > 0 ? window : undefined,
    quantization: typeof quantization === 'string' ? quantization : undefined,
    thinking: typeof modelType === 'string' ? /^qwen3/i.test(modelType) : undefined,
  };
}

/** Whether a self-hosted model has Qwen3's thinking mode: from its config when checked, else from its id. */
export function customModelThinks(spec: CustomModelSpec): boolean {
  return spec.thinking ?? /qwen3/i.test(spec.id);
}

/**
 * The context window the engine gets for a self-hosted model. WebLLM sizes the KV cache for the
 * whole window when it loads a model, and Qwen3's config says 40960 (Qwen2.5's 32768): that needs
 * several GB of GPU memory. The built-in records override it to 4096, so a self-hosted one does too,
 * unless its own window is smaller.
 */
export const CUSTOM_MODEL_CONTEXT_WINDOW = 4096;

export function customContextWindow(spec: CustomModelSpec): number {
  return Math.min(spec.contextWindow ?? CUSTOM_MODEL_CONTEXT_WINDOW, CUSTOM_MODEL_CONTEXT_WINDOW);
}

/**
 * Total bytes of the weight shards listed in a parsed tensor-cache.json.
 * @throws ValidationError when the file lists no shards.
 */
export function tensorCacheBytes(json: unknown): number {
  const records = asRecord(json, 'tensor-cache.json').records;
  if (!Array.isArray(records) || records.length === 0) {
    throw new ValidationError('wrong-type', msg('models.custom.noShards'));
  }
  return records.reduce<number>((sum, r) => {
    const bytes = typeof r === 'object' && r !== null ? (r as Record<string, unknown>).nbytes : undefined;
    return sum + (typeof bytes === 'number' && bytes > 0 ? bytes : 0);
  }, 0);
}

/** The engine model record (WebLLM `ModelRecord` shape) for a custom model, with its context window ({@link customContextWindow}). */
export function customModelRecord(spec: CustomModelSpec): {
  model: string;
  model_id: string;
  model_lib: string;
  vram_required_MB?: number;
  low_resource_required: boolean;
  overrides: { context_window_size: number };
} {
  return {
    model: spec.modelUrl,
    model_id: spec.id,
    model_lib: spec.libUrl,
    vram_required_MB: spec.vramMB,
    low_resource_required: false,
    overrides: { context_window_size: customContextWindow(spec) },
  };
}

/** Describes a custom model for the model manager (size from its files when checked). */
export function describeCustomModel(spec: CustomModelSpec): ModelInfo {
  const info = describeModel({ model_id: spec.id, vram_required_MB: spec.vramMB, overrides: { context_window_size: customContextWindow(spec) } });
  const quantization = spec.quantization ?? info.quantization;
  return {
    ...info,
    family: info.family.startsWith('Qwen') ? info.family : 'Custom',
    quantization,
    needsShaderF16: /f16/.test(quantization),
    downloadMB: spec.downloadBytes ? Math.round(spec.downloadBytes / 1e6) : info.downloadMB,
    custom: true,
  };
}
