import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { openCall, readText, type HttpCall } from './http-call.ts';
import type { FetchLike } from './network-error.ts';
import { resolveConfig, type OpenAiEngineConfig, type ResolvedOpenAiConfig } from './openai-config.ts';
import { RequestTimer } from './request-timer.ts';
import { scrubError } from './scrub-error.ts';

/** Options for {@link listModels}. */
export interface ListModelsOptions {
  signal?: AbortSignal;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
}

/**
 * Asks the server which models it serves (GET {baseUrl}/models), for the Settings UI.
 * Errors never contain the API key.
 * @throws EngineError `invalid-config` (bad address, or the answer is not a model list),
 *   `connection-refused`, `cors`, `unauthorized`, `http-error`, `timeout`, or
 *   `load-cancelled` when `signal` aborts.
 */
export async function listModels(config: OpenAiEngineConfig, options: ListModelsOptions = {}): Promise<string[]> {
  const fetchFn = options.fetch ?? defaultFetch;
  const resolved = resolveConfig(config);
  return fetchModelIds(resolved, fetchFn, options.signal).catch((error: unknown) => {
    throw scrubError(error, resolved.apiKey);
  });
}

/** The global fetch, called unbound-safe (browsers reject a fetch detached from window). */
export const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/**
 * GET {baseUrl}/models with a checked config; see {@link listModels} for the errors.
 * @throws EngineError as listed on {@link listModels}.
 */
export async function fetchModelIds(config: ResolvedOpenAiConfig, fetchFn: FetchLike, signal?: AbortSignal): Promise<string[]> {
  const timer = new RequestTimer(signal);
  const call: HttpCall = { config, fetch: fetchFn, timer, path: '/models', method: 'GET', accept: 'application/json' };
  try {
    const opened = await openCall(call);
    if (opened.kind === 'cancelled') throw cancelled();
    const body = await readText(call, opened.response);
    if (body.kind === 'cancelled') throw cancelled();
    return parseModelList(body.text, config.baseUrl);
  } finally {
    timer.dispose();
  }
}

function parseModelList(text: string, server: string): string[] {
  const notAList = (cause?: unknown): EngineError => new EngineError('invalid-config', msg('engine.openai.notModelList', { server }), { cause });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw notAList(error);
  }
  const data = typeof json === 'object' && json !== null ? (json as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw notAList();
  return data.flatMap((entry: unknown) => {
    const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

function cancelled(): EngineError {
  return new EngineError('load-cancelled', msg('engine.openai.connectCancelled'));
}
