import { EngineError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';

/** What the user enters on the Engine page to reach their own OpenAI-compatible server. */
export interface OpenAiEngineConfig {
  /** Base URL of the API, usually ending in `/v1`, e.g. `http://localhost:11434/v1` (Ollama). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when non-empty. Never logged, never put in a message. */
  apiKey?: string;
  /** Send raw prompts to `/completions` (the server must not apply a chat template). */
  rawCompletion?: boolean;
  /** Longest wait for the response headers (connect, queueing, model cold start). */
  requestTimeoutMs?: number;
  /** Longest silence while a reply streams before it counts as stalled. */
  stallTimeoutMs?: number;
}

/** A checked config with defaults applied. */
export interface ResolvedOpenAiConfig {
  /** Normalised base URL without a trailing slash. */
  baseUrl: string;
  apiKey: string;
  rawCompletion: boolean;
  requestTimeoutMs: number;
  stallTimeoutMs: number;
}

/** Ollama can take tens of seconds to load a model from disk before the first byte. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;

/**
 * Checks a config and applies defaults.
 * @throws EngineError `invalid-config` when the URL is not http(s), the key has line breaks,
 *   or a timeout is not a positive number.
 */
export function resolveConfig(config: OpenAiEngineConfig): ResolvedOpenAiConfig {
  return {
    baseUrl: normaliseBaseUrl(config.baseUrl),
    apiKey: checkApiKey(config.apiKey ?? ''),
    rawCompletion: config.rawCompletion ?? false,
    requestTimeoutMs: checkTimeout(config.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS, msg('engine.openai.timeout.request')),
    stallTimeoutMs: checkTimeout(config.stallTimeoutMs, DEFAULT_STALL_TIMEOUT_MS, msg('engine.openai.timeout.stall')),
  };
}

function normaliseBaseUrl(raw: string): string {
  const text = raw.trim();
  if (text === '') throw new EngineError('invalid-config', msg('engine.openai.address.empty'));
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new EngineError('invalid-config', msg('engine.openai.address.invalid', { address: text }), { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineError('invalid-config', msg('engine.openai.address.protocol', { protocol: url.protocol }));
  }
  if (url.username || url.password) {
    throw new EngineError('invalid-config', msg('engine.openai.address.credentials'));
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

function checkApiKey(key: string): string {
  const trimmed = key.trim();
  if (/[\r\n]/.test(trimmed)) {
    throw new EngineError('invalid-config', msg('engine.openai.apiKey.lineBreak'));
  }
  // Header values must be Latin-1; fetch would otherwise throw a confusing TypeError.
  if (/[^\x20-\x7e]/.test(trimmed)) {
    throw new EngineError('invalid-config', msg('engine.openai.apiKey.notAscii'));
  }
  return trimmed;
}

function checkTimeout(value: number | undefined, fallback: number, name: Message): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new EngineError('invalid-config', msg('engine.openai.timeout.invalid', { name, value }));
  }
  return value;
}
