import { EngineError } from '../../core/errors/index.ts';

/** Text of an error from wllama, fetch or the WebAssembly runtime. */
function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** True for an abort (fetch's `AbortError`, wllama's `WllamaAbortError`, `signal.throwIfAborted`). */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && (error as { name: unknown }).name === 'AbortError';
}

/** The error for a cancelled load. */
export function loadCancelled(label: string): EngineError {
  return new EngineError('load-cancelled', `Loading ${label} was cancelled. Downloaded files stay cached; load again to continue.`, {
    zh: `已取消加载 ${label}。已下载的文件仍保留在缓存中；再次加载即可继续。`,
  });
}

/**
 * Turns a failure of the CPU engine (download, cache, load or generation) into an EngineError
 * that says what happened and what to do: offline or blocked, not found, storage full, out of
 * memory, prompt too long, or llama.cpp refusing the file.
 */
export function mapWllamaError(error: unknown, label: string): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  if (/QuotaExceeded|quota/i.test(text)) {
    return new EngineError(
      'storage-quota',
      `There is not enough storage to keep ${label}. Free space (delete other downloaded models or site data) or pick a smaller model, then retry.`,
      { cause: error, zh: `存储空间不足，无法保存 ${label}。请腾出空间（删除其他已下载的模型或网站数据），或选择更小的模型，然后重试。` },
    );
  }
  const http = /HTTP (\d{3})/.exec(text);
  if (http?.[1] === '404' || http?.[1] === '410') {
    return new EngineError('model-download-failed', `${label} was not found at its address (HTTP ${http[1]}). Check the address, or pick another model.`, {
      cause: error,
      zh: `在 ${label} 的地址上找不到它（HTTP ${http[1]}）。请检查地址，或选择其他模型。`,
    });
  }
  if (http) {
    return new EngineError('model-download-failed', `The server refused to send ${label} (HTTP ${http[1]}). Try again later, or check the address.`, {
      cause: error,
      zh: `服务器拒绝发送 ${label}（HTTP ${http[1]}）。请稍后重试，或检查地址。`,
    });
  }
  if (/Failed to fetch|NetworkError|network|Load failed|fetch failed/i.test(text)) {
    return new EngineError(
      'model-download-failed',
      `Could not download ${label}: the request failed. Check that you are online, then press Retry. A custom server must also allow this site (CORS) and send Cross-Origin-Resource-Policy: cross-origin.`,
      {
        cause: error,
        zh: `无法下载 ${label}：请求失败。请确认已联网，然后点击“重试”。自定义服务器还必须允许本网站访问（CORS），并发送 Cross-Origin-Resource-Policy: cross-origin。`,
      },
    );
  }
  if (/exceeds the available context|exceed_context_size|kv_cache_full|context size/i.test(text)) {
    return new EngineError('context-overflow', 'The prompt was longer than the model can read. Start a new chat or shorten the persona, then retry.', {
      cause: error,
      zh: '提示词超出了模型能读取的长度。请开始新对话或精简角色设定，然后重试。',
    });
  }
  if (/out of memory|\bOOM\b|allocat|memory access out of bounds/i.test(text)) {
    return new EngineError(
      'out-of-memory',
      `${label} does not fit in the memory this browser tab may use. Your chat is saved. Close other tabs, or pick a smaller model.`,
      { cause: error, zh: `这个浏览器标签页可用的内存装不下 ${label}。你的对话已保存。请关闭其他标签页，或选择更小的模型。` },
    );
  }
  if (/failed to load model|unknown model architecture|load_error|GGUF/i.test(text)) {
    return new EngineError(
      'engine-failed',
      `llama.cpp could not load ${label}: the file may be damaged, or its model type is not supported. Use "Delete downloaded file" and retry, or pick another model.`,
      { cause: error, zh: `llama.cpp 无法加载 ${label}：文件可能已损坏，或不支持它的模型类型。请点击“删除已下载的文件”后重试，或选择其他模型。` },
    );
  }
  const detail = text.slice(0, 200);
  return new EngineError('engine-failed', `The CPU engine failed with ${label} (${detail}). Your chat is saved; try again, or reload the page.`, {
    cause: error,
    zh: `CPU 引擎运行 ${label} 时出错（${detail}）。你的对话已保存；请重试，或重新加载页面。`,
  });
}
