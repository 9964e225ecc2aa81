import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { CompletionEvent, CompletionRequest, FinishReason } from '../../core/llm-engine.ts';
import { bodyFailure, openCall, readText, type HttpCall } from './http-call.ts';
import type { FetchLike } from './network-error.ts';
import type { ResolvedOpenAiConfig } from './openai-config.ts';
import { RequestTimer } from './request-timer.ts';
import { buildRequest } from './request-body.ts';
import { SseParser } from './sse-parser.ts';
import { mergeUsage, readChunk, serverError, toUsage, type ClientTimes, type ServerUsage } from './stream-chunk.ts';

/** What a completion needs besides the request: a checked config, fetch, and the model name. */
export interface StreamContext {
  config: ResolvedOpenAiConfig;
  fetch: FetchLike;
  model: string;
}

const ABORTED: CompletionEvent = { type: 'done', finishReason: 'abort' };

/** Accumulates what the stream reported besides text. */
interface StreamTotals {
  finishReason?: FinishReason;
  usage?: ServerUsage;
  times: Omit<ClientTimes, 'endedAt'>;
}

/**
 * Streams one completion from an OpenAI-compatible server (SSE). Aborting `signal` aborts the
 * fetch and ends the stream with finishReason `abort`; leaving the loop early aborts it too.
 * A server that ignores `stream: true` and answers with one JSON body is handled as well.
 * @throws EngineError `timeout`, `connection-refused`, `cors`, `unauthorized`,
 *   `model-not-found`, `context-overflow`, `http-error`, `malformed-stream`, `engine-failed`.
 */
export async function* streamCompletion(ctx: StreamContext, request: CompletionRequest, signal?: AbortSignal): AsyncGenerator<CompletionEvent> {
  if (signal?.aborted) {
    yield ABORTED;
    return;
  }
  const { path, body } = buildRequest(ctx.model, request);
  const timer = new RequestTimer(signal);
  const call: HttpCall = { config: ctx.config, fetch: ctx.fetch, timer, path, model: ctx.model, method: 'POST', body, accept: 'text/event-stream' };
  const totals: StreamTotals = { times: { sentAt: performance.now() } };
  try {
    const opened = await openCall(call);
    if (opened.kind === 'cancelled') {
      yield ABORTED;
      return;
    }
    const response = opened.response;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/html')) {
      throw new EngineError('malformed-stream', msg('engine.openai.webPage', { server: ctx.config.baseUrl }));
    }
    const source = type.includes('application/json') ? wholeBody(call, response) : sseBody(call, response);
    for await (const item of source) {
      if (item === 'cancelled' || signal?.aborted) {
        yield ABORTED;
        return;
      } else if (typeof item === 'string') {
        totals.times.firstTextAt ??= performance.now();
        yield { type: 'delta', text: item };
      } else {
        totals.usage = mergeUsage(totals.usage, item.usage);
        totals.finishReason = item.finishReason ?? totals.finishReason;
      }
    }
    const usage = toUsage(totals.usage, { ...totals.times, endedAt: performance.now() });
    yield { type: 'done', finishReason: totals.finishReason ?? 'stop', usage };
  } finally {
    timer.dispose();
    // Frees the connection when the loop is left early; a no-op once the body has ended.
    timer.abort();
  }
}

/** Items a body source yields: text, a finish reason / usage update, or the caller's Stop. */
type BodyItem = string | { finishReason?: FinishReason; usage?: ServerUsage } | 'cancelled';

async function* sseBody(call: HttpCall, response: Response): AsyncGenerator<BodyItem> {
  const server = call.config.baseUrl;
  if (!response.body) {
    throw new EngineError('malformed-stream', msg('engine.openai.emptyAnswer', { server }));
  }
  const reader = response.body.getReader();
  const parser = new SseParser();
  let finished = false;
  // The stall deadline restarts only when the reply moves on (text or its end): keep-alive
  // comments and empty deltas alone do not keep a stuck server waited on forever.
  const progress = () => call.timer.arm('stall', call.config.stallTimeoutMs);
  progress();
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        if (!call.timer.cancelled) throw bodyFailure(call, error);
        yield 'cancelled';
        return;
      }
      for (const event of result.done ? parser.end() : parser.push(result.value)) {
        if (event.data.trim() === '[DONE]') return;
        if (event.event === 'error') throw serverError(event.data, server);
        const chunk = readChunk(event.data, server);
        if (chunk.text || chunk.finishReason) progress();
        if (chunk.text) yield chunk.text;
        if (chunk.finishReason || chunk.usage) yield { finishReason: chunk.finishReason, usage: chunk.usage };
        if (chunk.finishReason) finished = true;
      }
      if (result.done) break;
    }
  } finally {
    call.timer.disarm();
  }
  if (!finished) {
    throw new EngineError('engine-failed', msg('engine.openai.closedEarly', { server }));
  }
}

async function* wholeBody(call: HttpCall, response: Response): AsyncGenerator<BodyItem> {
  const body = await readText(call, response);
  if (body.kind === 'cancelled') {
    yield 'cancelled';
    return;
  }
  const chunk = readChunk(body.text, call.config.baseUrl);
  if (chunk.text) yield chunk.text;
  yield { finishReason: chunk.finishReason ?? 'stop', usage: chunk.usage };
}
