import { EngineError } from '../../core/errors/index.ts';

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
    requestTimeoutMs: checkTimeout(config.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS, { en: 'request timeout', zh: '请求超时时间' }),
    stallTimeoutMs: checkTimeout(config.stallTimeoutMs, DEFAULT_STALL_TIMEOUT_MS, { en: 'stall timeout', zh: '停顿超时时间' }),
  };
}

function normaliseBaseUrl(raw: string): string {
  const text = raw.trim();
  const example = 'Enter the server address with http:// or https://, for example http://localhost:11434/v1.';
  const exampleZh = '请输入以 http:// 或 https:// 开头的服务器地址，例如 http://localhost:11434/v1。';
  if (text === '') throw new EngineError('invalid-config', `The server address is empty. ${example}`, { zh: `服务器地址为空。${exampleZh}` });
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new EngineError('invalid-config', `"${text}" is not a valid address. ${example}`, { cause: error, zh: `“${text}”不是有效的地址。${exampleZh}` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineError('invalid-config', `The address must start with http:// or https:// (got ${url.protocol}). ${example}`, {
      zh: `地址必须以 http:// 或 https:// 开头（当前为 ${url.protocol}）。${exampleZh}`,
    });
  }
  if (url.username || url.password) {
    throw new EngineError('invalid-config', 'Remove the user name and password from the address; put a key in the API key field instead.', {
      zh: '请从地址中去掉用户名和密码；密钥请填写在 API 密钥一栏。',
    });
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

function checkApiKey(key: string): string {
  const trimmed = key.trim();
  if (/[\r\n]/.test(trimmed)) {
    throw new EngineError('invalid-config', 'The API key contains a line break. Paste the key again as a single line.', {
      zh: 'API 密钥中含有换行符。请重新粘贴，确保密钥只占一行。',
    });
  }
  // Header values must be Latin-1; fetch would otherwise throw a confusing TypeError.
  if (/[^\x20-\x7e]/.test(trimmed)) {
    throw new EngineError('invalid-config', 'The API key contains characters that cannot be sent (only plain ASCII is allowed). Paste the key again.', {
      zh: 'API 密钥中含有无法发送的字符（只允许普通 ASCII 字符）。请重新粘贴密钥。',
    });
  }
  return trimmed;
}

function checkTimeout(value: number | undefined, fallback: number, name: { en: string; zh: string }): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new EngineError('invalid-config', `The ${name.en} must be a positive number of milliseconds (got ${value}).`, {
      zh: `${name.zh}必须是正数，单位为毫秒（当前为 ${value}）。`,
    });
  }
  return value;
}
