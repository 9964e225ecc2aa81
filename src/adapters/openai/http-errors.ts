import { EngineError } from '../../core/errors/index.ts';
import { plainText } from './plain-text.ts';

/** What an error message may mention about the failed request. Never the API key. */
export interface ErrorContext {
  /** The base URL the user entered. */
  server: string;
  /** The endpoint path, e.g. `/chat/completions`. */
  path: string;
  model?: string;
  hasApiKey: boolean;
}

const CONTEXT_OVERFLOW = /context (length|size|window)|too long|exceeds? the (available )?context|maximum context/i;

/**
 * Extracts the human part of an error body: OpenAI `{error:{message}}`, `{error:"…"}`,
 * vLLM/FastAPI `{message}` / `{detail}`, or plain text; returned as one short plain line.
 */
export function serverMessage(body: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return plainText(body, 300);
  }
  const pick = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as Record<string, unknown>;
    return pick(o.error) ?? pick(o.message) ?? pick(o.detail);
  };
  return plainText(pick(json) ?? body, 300);
}

/** A server's message as the end of a sentence: a full stop added unless it already ends in one. */
export function asSentence(message: string): string {
  return /[.!?。！？…]["'”」)]*$/.test(message) ? message : `${message}.`;
}

/**
 * Turns a non-2xx answer into an EngineError that tells the user what to do:
 * 401/403 `unauthorized`, 404 naming a model `model-not-found`, other 404 `http-error` about the
 * address, 400 about context length `context-overflow`, anything else `http-error` with the
 * server's own message.
 */
export function errorForStatus(status: number, body: string, ctx: ErrorContext): EngineError {
  const message = serverMessage(body);
  const said = message ? ` The server said: "${message}"${/[.!?]$/.test(message) ? '' : '.'}` : '';
  const saidZh = message ? `服务器返回：“${message}”。` : '';
  const { server } = ctx;
  if (status === 401 || status === 403) {
    const advice = ctx.hasApiKey ? 'rejected the API key' : 'needs an API key';
    const fix = ctx.hasApiKey
      ? 'Check the API key in Engine → Your own model server, then press Connect.'
      : 'Enter the API key in Engine → Your own model server, then press Connect.';
    const zh = ctx.hasApiKey
      ? `${server} 上的服务器拒绝了 API 密钥（HTTP ${status}）。请在“引擎 → 你自己的模型服务器”中检查 API 密钥，然后点击“连接”。`
      : `${server} 上的服务器需要 API 密钥（HTTP ${status}）。请在“引擎 → 你自己的模型服务器”中填写 API 密钥，然后点击“连接”。`;
    return new EngineError('unauthorized', `The server at ${ctx.server} ${advice} (HTTP ${status}). ${fix}`, { zh });
  }
  if (status === 404 && ctx.model !== undefined && /model/i.test(message)) {
    return new EngineError(
      'model-not-found',
      `The server at ${ctx.server} has no model "${ctx.model}".${said} Enter a model the server lists under Model name in Engine → Your own model server, or install it on the server (for Ollama: ollama pull ${ctx.model}).`,
      {
        zh: `${server} 上的服务器没有名为“${ctx.model}”的模型。${saidZh}请在“引擎 → 你自己的模型服务器”的模型名称中填写服务器列出的模型，或在服务器上安装它（Ollama：ollama pull ${ctx.model}）。`,
      },
    );
  }
  if (status === 404) {
    const raw = ctx.path === '/completions' ? ' If the server only offers chat, turn off raw completion.' : '';
    const rawZh = ctx.path === '/completions' ? '如果服务器只提供对话接口，请关闭原始补全。' : '';
    return new EngineError(
      'http-error',
      `The server at ${ctx.server} has no ${ctx.path} endpoint (HTTP 404). Check the address: it usually ends in /v1, e.g. http://localhost:11434/v1.${raw}`,
      { zh: `${server} 上的服务器没有 ${ctx.path} 接口（HTTP 404）。请检查地址：它通常以 /v1 结尾，例如 http://localhost:11434/v1。${rawZh}` },
    );
  }
  if (status === 400 && CONTEXT_OVERFLOW.test(message)) {
    return new EngineError(
      'context-overflow',
      `The conversation is too long for the model's context on ${ctx.server}.${said} Shorten the history or raise the server's context size.`,
      { zh: `对话太长，超出了 ${server} 上模型的上下文长度。${saidZh}请缩短历史记录，或调高服务器的上下文大小。` },
    );
  }
  return new EngineError('http-error', `The server at ${ctx.server} answered HTTP ${status}.${said} Check the server's log, then try again.`, {
    zh: `${server} 上的服务器返回了 HTTP ${status}。${saidZh}请查看服务器日志，然后重试。`,
  });
}

/** Lists a few model names for a message, e.g. `"a", "b", "c" and 4 more` (in Chinese: `“a”、“b”、“c” 等另外 4 个`). */
export function listFew(names: string[], max = 5, language: 'en' | 'zh' = 'en'): string {
  const zh = language === 'zh';
  if (names.length === 0) return zh ? '无' : 'none';
  const shown = names
    .slice(0, max)
    .map((n) => (zh ? `“${n}”` : `"${n}"`))
    .join(zh ? '、' : ', ');
  if (names.length <= max) return shown;
  return zh ? `${shown} 以及另外 ${names.length - max} 个` : `${shown} and ${names.length - max} more`;
}
