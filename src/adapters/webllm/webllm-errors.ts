import { EngineError, type EngineErrorCode } from '../../core/errors/index.ts';

/**
 * When a web-llm failure happened: loading a model, generating a reply, or deleting cached files.
 * The same library error needs different words in each (a generation error is not a load failure).
 */
export type WebLlmPhase = 'load' | 'reply' | 'delete';

/**
 * Text of an error thrown by web-llm. Across the worker boundary the handler sends `err.toString()`,
 * so errors arrive as strings such as "ModelNotFoundError: Cannot find model record…" or
 * "TypeError: Failed to execute 'add' on 'Cache': Request failed"; in-process they are Errors.
 */
function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && 'content' in error) return String((error as { content: unknown }).content);
  return String(error);
}

/** The error class name at the start of web-llm's `toString()` text ("ModelNotFoundError: …"). */
function errorName(text: string): string {
  return /^([A-Za-z]+Error|[A-Za-z]+Exception)\b/.exec(text)?.[1] ?? '';
}

/**
 * Turns a web-llm failure into an EngineError that says which case the user is in and what to do.
 * Recognises the library's own error classes by name (they cross the worker as text), the
 * browser's errors that surface through it (Cache API, quota, network), and GPU memory failures.
 * Anything else keeps its detail, worded for the phase: "Loading … failed" only for a load.
 */
export function mapWebLlmError(error: unknown, modelId: string, phase: WebLlmPhase): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  const name = errorName(text);
  const detail = text.slice(0, 200);
  const fail = (code: EngineErrorCode, message: string, zh: string) => new EngineError(code, message, { cause: error, zh });

  if (name === 'ModelNotLoadedError' || name === 'WorkerEngineModelNotLoadedError') {
    // The engine unloaded itself: web-llm does this when the GPU device is lost after loading.
    return fail(
      'device-lost',
      `The GPU was lost or reset and ${modelId} was unloaded. Your chat is saved. Load the model again, or pick a smaller model if this keeps happening.`,
      `GPU 丢失或被重置，${modelId} 已被卸载。你的对话已保存。请重新加载模型；如果反复出现，请选择更小的模型。`,
    );
  }
  if (name === 'DeviceLostError' || /device (was )?lost|device is lost/i.test(text)) {
    return phase === 'load'
      ? fail(
          'device-lost',
          `The GPU was lost while loading ${modelId}, usually because it ran out of memory. Your chat is saved. Close other GPU-heavy tabs and load a smaller model (or a q4f16 build).`,
          `加载 ${modelId} 时 GPU 丢失，通常是因为显存不足。你的对话已保存。请关闭其他占用 GPU 的标签页，并加载更小的模型（或 q4f16 版本）。`,
        )
      : fail(
          'device-lost',
          `The GPU was lost or reset while running ${modelId}, and the model was unloaded. Your chat is saved. Load it again, or pick a smaller model.`,
          `运行 ${modelId} 时 GPU 丢失或被重置，模型已被卸载。你的对话已保存。请重新加载，或选择更小的模型。`,
        );
  }
  if (/QuotaExceeded|quota/i.test(text)) {
    return fail(
      'storage-quota',
      `There is not enough storage to download ${modelId}. Free space (delete other cached models in Models, or other site data), or pick a smaller model, then retry.`,
      `存储空间不足，无法下载 ${modelId}。请腾出空间（在“模型”中删除其他已缓存的模型，或清理其他网站数据），或选择更小的模型，然后重试。`,
    );
  }
  if (/out of memory|OutOfMemory|allocation failed|Failed to allocate|could not allocate/i.test(text)) {
    return fail(
      'out-of-memory',
      `${modelId} does not fit in your GPU's memory. Your chat is saved. Pick a smaller model, or close other tabs and apps that use the GPU.`,
      `你的 GPU 显存装不下 ${modelId}。你的对话已保存。请选择更小的模型，或关闭其他使用 GPU 的标签页和应用。`,
    );
  }
  if (name === 'ShaderF16SupportError' || /shader-f16/.test(text)) {
    return fail(
      'shader-f16-missing',
      'Your GPU cannot run the q4f16 build of this model. Pick the q4f32 build instead.',
      '你的 GPU 无法运行这个模型的 q4f16 版本。请改选 q4f32 版本。',
    );
  }
  if (name === 'FeatureSupportError') {
    return fail(
      'engine-failed',
      `${modelId} needs a WebGPU feature this browser does not offer (${detail}). Update the browser, or pick another model.`,
      `${modelId} 需要这个浏览器不支持的 WebGPU 功能（${detail}）。请更新浏览器，或选择其他模型。`,
    );
  }
  if (name === 'WebGPUNotAvailableError' || name === 'WebGPUNotFoundError' || /Unable to find a compatible GPU/i.test(text)) {
    return fail(
      'no-webgpu',
      'WebGPU is not available here (no compatible GPU was found), so in-browser models cannot run. Use a browser with WebGPU turned on (recent Chrome or Edge), or pick the CPU engine or your own server on the Engine page.',
      'WebGPU 不可用（没有找到兼容的 GPU），因此无法运行浏览器内模型。请使用已启用 WebGPU 的浏览器（较新的 Chrome 或 Edge），或在引擎页面改用 CPU 引擎或接口。',
    );
  }
  if (/Cannot initialize runtime because of requested/i.test(text)) {
    return fail(
      'no-webgpu',
      `This GPU's WebGPU limits are too small for in-browser models (${detail}). Pick the CPU engine or your own server on the Engine page.`,
      `这个 GPU 的 WebGPU 限制太小，无法运行浏览器内模型（${detail}）。请在引擎页面改用 CPU 引擎或接口。`,
    );
  }
  if (name === 'ContextWindowSizeExceededError') {
    return fail(
      'context-overflow',
      'The prompt was longer than the model can read. Start a new chat or shorten the persona, then retry.',
      '提示词超出了模型能读取的长度。请开始新对话或精简角色设定，然后重试。',
    );
  }
  if (name === 'ModelNotFoundError') {
    return fail(
      'model-not-in-list',
      `${modelId} is not in the list of models this app gave the engine. Pick the model again in Models; for a self-hosted model, add it again under self-hosted models.`,
      `${modelId} 不在本应用提供给引擎的模型列表中。请在“模型”中重新选择；如果是自托管模型，请在自托管模型中重新添加。`,
    );
  }
  if (name === 'IntegrityError') {
    return fail(
      'model-download-failed',
      `A downloaded file of ${modelId} did not match its checksum (corrupted, or changed on the server). Use "Delete cached files" and retry; for a self-hosted model, update its files or checksums.`,
      `${modelId} 的一个已下载文件与校验值不符（文件损坏或服务器上的文件已更改）。请点击“删除缓存文件”后重试；如果是自托管模型，请更新其文件或校验值。`,
    );
  }
  if (name === 'MissingModelError' || name === 'UnsupportedTokenizerFilesError') {
    return fail(
      'invalid-config',
      `The model record of ${modelId} is incomplete (${detail}). For a self-hosted model, check its weights and library URLs and add it again.`,
      `${modelId} 的模型记录不完整（${detail}）。如果是自托管模型，请检查权重和模型库网址后重新添加。`,
    );
  }
  if (/Failed to execute 'add' on 'Cache'|Failed to fetch|NetworkError|fetch failed|Load failed|network/i.test(text)) {
    // The Cache API reports a failed download without a status code: it may be offline, a blocked host or a refusal.
    return fail(
      'model-download-failed',
      `Downloading ${modelId} failed: a file could not be fetched (you may be offline, the model host may be blocked, or the server refused the request). Check your connection and that huggingface.co (or your model server) is reachable, then press Retry. If an earlier download was interrupted, use "Delete cached files" first.`,
      `下载 ${modelId} 失败：有文件无法获取（可能是离线、模型网站被拦截，或服务器拒绝了请求）。请检查网络，并确认能访问 huggingface.co（或你的模型服务器），然后点击“重试”。如果之前的下载中断过，请先点击“删除缓存文件”。`,
    );
  }
  if (/^(MinValueError|RangeError|NonNegativeError|ConfigValueError|InvalidNumberStringError|DependencyError)$/.test(name) && phase === 'reply') {
    return fail(
      'invalid-config',
      `The engine rejected a generation setting (${detail}). Check temperature, top-p and the penalties in the settings, then retry.`,
      `引擎拒绝了一个生成设置（${detail}）。请检查设置中的温度、top-p 和惩罚参数，然后重试。`,
    );
  }
  if (phase === 'reply') {
    return fail(
      'engine-failed',
      `The model stopped with an error while replying (${detail}). Your chat is saved; try again, and if it keeps happening, load the model again on the Engine page.`,
      `模型在回复时出错并停止了（${detail}）。你的对话已保存；请重试，如果反复出现，请在引擎页面重新加载模型。`,
    );
  }
  if (phase === 'delete') {
    return fail(
      'engine-failed',
      `Deleting the cached files of ${modelId} failed (${detail}). Reload the page and try again.`,
      `删除 ${modelId} 的缓存文件失败（${detail}）。请重新加载页面后再试。`,
    );
  }
  return fail(
    'engine-failed',
    `Loading ${modelId} failed (${detail}). Try "Delete cached files" and retry, or pick another model.`,
    `加载 ${modelId} 失败（${detail}）。请点击“删除缓存文件”后重试，或选择其他模型。`,
  );
}
