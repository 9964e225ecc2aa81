import { EngineError } from '../../core/errors/index.ts';

/** Text of an error thrown by web-llm; across the worker boundary errors arrive as strings. */
function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && 'content' in error) return String((error as { content: unknown }).content);
  return String(error);
}

/**
 * Turns a web-llm failure during load into an EngineError that says which case the user is in
 * (offline, quota, missing files, GPU lost or out of memory) and what to do.
 */
export function mapWebLlmError(error: unknown, modelId: string): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  if (/QuotaExceeded|quota/i.test(text)) {
    return new EngineError(
      'storage-quota',
      `There is not enough storage to download ${modelId}. Free space (delete other cached models in Models, or other site data), or pick a smaller model, then retry.`,
      { cause: error, zh: `存储空间不足，无法下载 ${modelId}。请腾出空间（在“模型”中删除其他已缓存的模型，或清理其他网站数据），或选择更小的模型，然后重试。` },
    );
  }
  if (/DeviceLost|device (was )?lost|device is lost/i.test(text)) {
    return new EngineError(
      'device-lost',
      `The GPU stopped responding while running ${modelId} (device lost), usually because it ran out of memory. Your chat is saved. Close other GPU-heavy tabs and load a smaller model (or a q4f16 build).`,
      { cause: error, zh: `运行 ${modelId} 时 GPU 停止了响应（设备丢失），通常是因为显存不足。你的对话已保存。请关闭其他占用 GPU 的标签页，并加载更小的模型（或 q4f16 版本）。` },
    );
  }
  if (/out of memory|OutOfMemory|allocation failed|Failed to allocate/i.test(text)) {
    return new EngineError(
      'out-of-memory',
      `${modelId} does not fit in your GPU's memory. Your chat is saved. Pick a smaller model, or close other tabs and apps that use the GPU.`,
      { cause: error, zh: `你的 GPU 显存装不下 ${modelId}。你的对话已保存。请选择更小的模型，或关闭其他使用 GPU 的标签页和应用。` },
    );
  }
  if (/ShaderF16|shader-f16|f16/i.test(text) && /support/i.test(text)) {
    return new EngineError(
      'shader-f16-missing',
      `Your GPU cannot run the q4f16 build of this model. Pick the q4f32 build instead.`,
      { cause: error, zh: '你的 GPU 无法运行这个模型的 q4f16 版本。请改选 q4f32 版本。' },
    );
  }
  if (/WebGPU/i.test(text) && /(not available|not supported|NotFound|no adapter)/i.test(text)) {
    return new EngineError(
      'no-webgpu',
      'WebGPU is not available in this browser, so in-browser models cannot run. See the engine settings for what to do.',
      { cause: error, zh: '这个浏览器无法使用 WebGPU，因此不能运行浏览器内模型。请查看引擎页面了解解决办法。' },
    );
  }
  if (/ContextWindowSizeExceeded/i.test(text)) {
    return new EngineError(
      'context-overflow',
      'The prompt was longer than the model can read. Start a new chat or shorten the persona, then retry.',
      { cause: error, zh: '提示词超出了模型能读取的长度。请开始新对话或精简角色设定，然后重试。' },
    );
  }
  if (/404|Not ?Found|ModelNotFound/i.test(text)) {
    return new EngineError(
      'model-download-failed',
      `The files for ${modelId} were not found on the model server (404). The model may have been moved; pick another model, or use "Delete cached files" and retry.`,
      { cause: error, zh: `在模型服务器上找不到 ${modelId} 的文件（404）。模型可能已被移走；请选择其他模型，或点击“删除缓存文件”后重试。` },
    );
  }
  if (/Failed to fetch|NetworkError|network|fetch failed|Load failed/i.test(text)) {
    return new EngineError(
      'model-download-failed',
      `Could not download ${modelId}: the network request failed. Check that you are online and that huggingface.co is not blocked, then press Retry. If an earlier download was interrupted, use "Delete cached files" first.`,
      { cause: error, zh: `无法下载 ${modelId}：网络请求失败。请确认已联网且 huggingface.co 没有被拦截，然后点击“重试”。如果之前的下载中断过，请先点击“删除缓存文件”。` },
    );
  }
  const detail = text.slice(0, 200);
  return new EngineError(
    'engine-failed',
    `Loading ${modelId} failed (${detail}). Try "Delete cached files" and retry, or pick another model.`,
    { cause: error, zh: `加载 ${modelId} 失败（${detail}）。请点击“删除缓存文件”后重试，或选择其他模型。` },
  );
}
