import { EngineError, isSerializedError, type EngineErrorCode } from '../../core/errors/index.ts';

/** Said at the end of every embedder failure: memory search degrades, it does not stop. */
const KEYWORDS_STILL_WORK = 'Keyword search keeps working meanwhile.';
const KEYWORDS_STILL_WORK_ZH = '在此期间关键词搜索照常可用。';

/** What the embedder was doing when it failed. */
export interface EmbedderErrorContext {
  modelId: string;
  phase: 'load' | 'embed';
  /** True when downloads are off (only local files and the cache may be used). */
  remoteDisabled: boolean;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The file named in a transformers.js "not found" message, e.g. `.../onnx/model_quantized.onnx`. */
function quotedPath(text: string): string | null {
  return /"([^"]+)"/.exec(text)?.[1] ?? null;
}

/** The error for a cancelled load or embedding call. */
export function embedderCancelled(modelId: string, phase: 'load' | 'embed'): EngineError {
  return phase === 'load'
    ? new EngineError('load-cancelled', `Loading the search model ${modelId} was cancelled. Files already downloaded stay cached; load it again to resume.`, {
        zh: `已取消加载搜索模型 ${modelId}。已下载的文件仍保留在缓存中；再次加载即可继续。`,
      })
    : new EngineError('load-cancelled', 'Embedding was cancelled. Nothing was changed; run it again when you are ready.', {
        zh: '已取消生成向量。没有任何内容被更改；准备好后再运行一次即可。',
      });
}

/** The error for an embedding call made before the model was loaded. */
export function embedderNotLoaded(modelId: string): EngineError {
  return new EngineError('not-loaded', `The search model ${modelId} is not loaded yet. Load it first (Settings, Memory). ${KEYWORDS_STILL_WORK}`, {
    zh: `搜索模型 ${modelId} 还没有加载。请先在设置的“记忆”中加载它。${KEYWORDS_STILL_WORK_ZH}`,
  });
}

/**
 * Turns a transformers.js / ONNX Runtime failure into an EngineError that names the user's case
 * (offline, files missing, storage full, runtime could not start) and what to do.
 */
export function mapEmbedderError(error: unknown, ctx: EmbedderErrorContext): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  const { modelId } = ctx;
  const detail = text.slice(0, 160);
  if (/QuotaExceeded|quota/i.test(text)) {
    return new EngineError(
      'storage-quota',
      `There is not enough storage to keep the search model ${modelId}. Free space (delete cached models you no longer use, or other site data), then retry. ${KEYWORDS_STILL_WORK}`,
      {
        cause: error,
        zh: `存储空间不足，无法保存搜索模型 ${modelId}。请腾出空间（删除不再使用的已缓存模型，或其他网站数据），然后重试。${KEYWORDS_STILL_WORK_ZH}`,
      },
    );
  }
  if (/Invalid configuration|Unsupported (device|pipeline|model type)/i.test(text)) {
    return new EngineError(
      'invalid-config',
      `The search model settings are not valid (${detail}). Check the model host under Semantic search on a persona's Memory page. ${KEYWORDS_STILL_WORK}`,
      { cause: error, zh: `搜索模型的设置无效（${detail}）。请在角色“记忆”页面的“语义搜索”中检查模型主机。${KEYWORDS_STILL_WORK_ZH}` },
    );
  }
  if (/ModelFileNotFound|not found locally|Could not locate file|\b404\b/i.test(text)) {
    const file = quotedPath(text);
    const where = file ? ` (missing: ${file})` : '';
    const whereZh = file ? `（缺少：${file}）` : '';
    if (ctx.remoteDisabled) {
      return new EngineError(
        'model-not-cached',
        `The search model ${modelId} is not on this device${where} and downloads are turned off. Turn downloads on and load it once while online, or put the model files in that folder. ${KEYWORDS_STILL_WORK}`,
        {
          cause: error,
          zh: `搜索模型 ${modelId} 不在本机上${whereZh}，而且下载已关闭。请打开下载并在联网时加载一次，或把模型文件放进那个文件夹。${KEYWORDS_STILL_WORK_ZH}`,
        },
      );
    }
    return new EngineError(
      'model-not-found',
      `The files of the search model ${modelId} were not found on the model server${where}. Check the model host under Semantic search on a persona's Memory page. ${KEYWORDS_STILL_WORK}`,
      { cause: error, zh: `在模型服务器上找不到搜索模型 ${modelId} 的文件${whereZh}。请在角色“记忆”页面的“语义搜索”中检查模型主机。${KEYWORDS_STILL_WORK_ZH}` },
    );
  }
  if (/\b40[13]\b|Unauthorized|Forbidden/i.test(text)) {
    return new EngineError(
      'unauthorized',
      `The model server refused to send ${modelId} (not public, or access denied). Pick another model or check the server address. ${KEYWORDS_STILL_WORK}`,
      { cause: error, zh: `模型服务器拒绝发送 ${modelId}（未公开，或无权访问）。请选择其他模型，或检查服务器地址。${KEYWORDS_STILL_WORK_ZH}` },
    );
  }
  if (/no available backend|backend|wasm|WebAssembly/i.test(text)) {
    return new EngineError(
      'engine-failed',
      `The search model's runtime (ONNX Runtime for WebAssembly) could not start: ${detail}. Reload the page and retry. ${KEYWORDS_STILL_WORK}`,
      { cause: error, zh: `搜索模型的运行时（ONNX Runtime for WebAssembly）无法启动：${detail}。请重新加载页面后重试。${KEYWORDS_STILL_WORK_ZH}` },
    );
  }
  if (/Failed to fetch|fetch failed|NetworkError|Load failed|network|ECONNREFUSED|ENOTFOUND|ETIMEDOUT/i.test(text)) {
    return new EngineError(
      'model-download-failed',
      `Could not download the search model ${modelId}: you seem to be offline or the model server is unreachable. Retry when you are online. ${KEYWORDS_STILL_WORK}`,
      { cause: error, zh: `无法下载搜索模型 ${modelId}：你似乎处于离线状态，或无法访问模型服务器。请在联网后重试。${KEYWORDS_STILL_WORK_ZH}` },
    );
  }
  if (ctx.phase === 'embed') {
    return new EngineError(
      'engine-failed',
      `Computing embeddings with ${modelId} failed (${detail}). Retry; if it keeps failing, reload the page. ${KEYWORDS_STILL_WORK}`,
      { cause: error, zh: `用 ${modelId} 生成向量失败（${detail}）。请重试；如果一直失败，请重新加载页面。${KEYWORDS_STILL_WORK_ZH}` },
    );
  }
  return new EngineError(
    'engine-failed',
    `Loading the search model ${modelId} failed (${detail}). Reload the page and retry, or pick another model. ${KEYWORDS_STILL_WORK}`,
    { cause: error, zh: `加载搜索模型 ${modelId} 失败（${detail}）。请重新加载页面后重试，或选择其他模型。${KEYWORDS_STILL_WORK_ZH}` },
  );
}

const ENGINE_CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'no-webgpu',
  'shader-f16-missing',
  'model-download-failed',
  'model-not-cached',
  'storage-quota',
  'device-lost',
  'out-of-memory',
  'context-overflow',
  'connection-refused',
  'cors',
  'unauthorized',
  'model-not-found',
  'http-error',
  'malformed-stream',
  'timeout',
  'not-loaded',
  'load-cancelled',
  'invalid-config',
  'engine-failed',
]);

/**
 * Rebuilds the EngineError a worker posted as `{ name, code, message, zh? }` (keeping its Chinese
 * message); anything else becomes `engine-failed`.
 */
export function reviveEmbedderError(value: unknown): EngineError {
  if (isSerializedError(value) && ENGINE_CODES.has(value.code)) {
    return new EngineError(value.code as EngineErrorCode, value.message, typeof value.zh === 'string' ? { zh: value.zh } : undefined);
  }
  const message = (isSerializedError(value) ? value.message : String(value)).slice(0, 160);
  return new EngineError('engine-failed', `The search model worker failed (${message}). Reload the page and retry. ${KEYWORDS_STILL_WORK}`, {
    zh: `搜索模型的后台线程出错（${message}）。请重新加载页面后重试。${KEYWORDS_STILL_WORK_ZH}`,
  });
}
