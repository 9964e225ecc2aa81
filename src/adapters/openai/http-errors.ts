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

/**
 * Turns a non-2xx answer into an EngineError that tells the user what to do:
 * 401/403 `unauthorized`, 404 naming a model `model-not-found`, other 404 `http-error` about the
 * address, 400 about context length `context-overflow`, anything else `http-error` with the
 * server's own message.
 */
export function errorForStatus(status: number, body: string, ctx: ErrorContext): EngineError {
  const message = serverMessage(body);
  const said = message ? ` The server said: "${message}".` : '';
  if (status === 401 || status === 403) {
    const advice = ctx.hasApiKey ? 'rejected the API key' : 'needs an API key';
    const fix = ctx.hasApiKey ? 'Check the API key in Settings.' : 'Enter the API key in Settings.';
    return new EngineError('unauthorized', `The server at ${ctx.server} ${advice} (HTTP ${status}). ${fix}`);
  }
  if (status === 404 && ctx.model !== undefined && /model/i.test(message)) {
    return new EngineError(
      'model-not-found',
      `The server at ${ctx.server} has no model "${ctx.model}".${said} Pick a model the server lists in Settings, or install it on the server (for Ollama: ollama pull ${ctx.model}).`,
    );
  }
  if (status === 404) {
    const raw = ctx.path === '/completions' ? ' If the server only offers chat, turn off raw completion.' : '';
    return new EngineError(
      'http-error',
      `The server at ${ctx.server} has no ${ctx.path} endpoint (HTTP 404). Check the address: it usually ends in /v1, e.g. http://localhost:11434/v1.${raw}`,
    );
  }
  if (status === 400 && CONTEXT_OVERFLOW.test(message)) {
    return new EngineError(
      'context-overflow',
      `The conversation is too long for the model's context on ${ctx.server}.${said} Shorten the history or raise the server's context size.`,
    );
  }
  return new EngineError('http-error', `The server at ${ctx.server} answered HTTP ${status}.${said} Check the server's log, then try again.`);
}

/** Lists a few model names for a message, e.g. `"a", "b", "c" and 4 more`. */
export function listFew(names: string[], max = 5): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, max).map((n) => `"${n}"`).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
