import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { errorForStatus, type ErrorContext } from './http-errors.ts';
import { explainNetworkFailure, type FetchLike } from './network-error.ts';
import type { ResolvedOpenAiConfig } from './openai-config.ts';
import type { RequestTimer } from './request-timer.ts';

/** One HTTP call to the server: where, with what, and how it is timed. */
export interface HttpCall {
  config: ResolvedOpenAiConfig;
  fetch: FetchLike;
  timer: RequestTimer;
  path: string;
  model?: string;
  method: 'GET' | 'POST';
  body?: unknown;
  accept: string;
}

/** The outcome of opening a call: a 2xx response, or the caller's Stop. */
export type Opened = { kind: 'response'; response: Response } | { kind: 'cancelled' };

/** Request headers; the API key only ever goes into `Authorization`. */
function headersFor(call: HttpCall): Record<string, string> {
  const headers: Record<string, string> = { Accept: call.accept };
  if (call.body !== undefined) headers['Content-Type'] = 'application/json';
  if (call.config.apiKey) headers.Authorization = `Bearer ${call.config.apiKey}`;
  return headers;
}

/** Context for error messages about this call. */
export function errorContext(call: HttpCall): ErrorContext {
  return { server: call.config.baseUrl, path: call.path, model: call.model, hasApiKey: call.config.apiKey !== '' };
}

/**
 * Sends the request and waits for a 2xx response under the request deadline.
 * @throws EngineError `timeout`, `connection-refused`, `cors`, or the status errors of
 *   {@link errorForStatus} (the error body is read under the stall deadline).
 */
export async function openCall(call: HttpCall): Promise<Opened> {
  const url = call.config.baseUrl + call.path;
  const init: RequestInit = { method: call.method, headers: headersFor(call), signal: call.timer.signal };
  if (call.body !== undefined) init.body = JSON.stringify(call.body);
  let response: Response;
  try {
    response = await call.timer.within('request', call.config.requestTimeoutMs, () => call.fetch(url, init));
  } catch (error) {
    if (call.timer.cancelled) return { kind: 'cancelled' };
    if (call.timer.expired) throw timeoutError(call, error);
    const explained = await explainNetworkFailure(error, call.config.baseUrl, `${call.config.baseUrl}/models`, call.fetch);
    if (call.timer.cancelled) return { kind: 'cancelled' };
    throw explained;
  }
  if (response.ok) return { kind: 'response', response };
  const body = await readText(call, response);
  if (body.kind === 'cancelled') return body;
  throw errorForStatus(response.status, body.text, errorContext(call));
}

/**
 * Reads a whole body under the stall deadline.
 * @throws EngineError `timeout` when the body stalls, `engine-failed` when the connection drops.
 */
export async function readText(call: HttpCall, response: Response): Promise<{ kind: 'text'; text: string } | { kind: 'cancelled' }> {
  try {
    const text = await call.timer.within('stall', call.config.stallTimeoutMs, () => response.text());
    return { kind: 'text', text };
  } catch (error) {
    if (call.timer.cancelled) return { kind: 'cancelled' };
    throw bodyFailure(call, error);
  }
}

/**
 * Maps a failure while reading a body (not a Stop; callers check that first): a deadline
 * becomes `timeout`, anything else `engine-failed` (connection lost).
 */
export function bodyFailure(call: HttpCall, error: unknown): EngineError {
  if (call.timer.expired) return timeoutError(call, error);
  return new EngineError('engine-failed', msg('engine.openai.connectionBroke', { server: call.config.baseUrl }), { cause: error });
}

function timeoutError(call: HttpCall, cause: unknown): EngineError {
  const { baseUrl, requestTimeoutMs, stallTimeoutMs } = call.config;
  if (call.timer.expired === 'request') {
    return new EngineError('timeout', msg('engine.openai.noAnswer', { server: baseUrl, time: seconds(requestTimeoutMs) }), { cause });
  }
  return new EngineError('timeout', msg('engine.openai.stalled', { server: baseUrl, time: seconds(stallTimeoutMs) }), { cause });
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
