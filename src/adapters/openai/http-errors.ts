import { EngineError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
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
  const said = message ? msg(/[.!?]$/.test(message) ? 'engine.openai.saidSentence' : 'engine.openai.said', { message }) : '';
  const { server } = ctx;
  if (status === 401 || status === 403) {
    return new EngineError(
      'unauthorized',
      msg(ctx.hasApiKey ? 'engine.openai.unauthorized.rejected' : 'engine.openai.unauthorized.needsKey', { server, status }),
    );
  }
  if (status === 404 && ctx.model !== undefined && /model/i.test(message)) {
    return new EngineError('model-not-found', msg('engine.openai.model.missing', { server, model: ctx.model, said }));
  }
  if (status === 404) {
    const chatOnly = ctx.path === '/completions' ? msg('engine.openai.endpoint.chatOnly') : '';
    return new EngineError('http-error', msg('engine.openai.endpoint.missing', { server, path: ctx.path, chatOnly }));
  }
  if (status === 400 && CONTEXT_OVERFLOW.test(message)) {
    return new EngineError('context-overflow', msg('engine.openai.contextOverflow', { server, said }));
  }
  return new EngineError('http-error', msg('engine.openai.httpStatus', { server, status, said }));
}

/** Lists a few model names for a message, e.g. `"a", "b", "c" and 4 more` (in Chinese: `“a”、“b”、“c” 以及另外 4 个`). */
export function listFew(names: string[], max = 5): Message {
  if (names.length === 0) return msg('engine.openai.models.none');
  const shown = names
    .slice(0, max)
    .map((name) => msg('engine.openai.models.name', { name }))
    .reduceRight((rest, first) => msg('engine.openai.models.list', { first, rest }));
  if (names.length <= max) return shown;
  return msg('engine.openai.models.more', { shown, count: names.length - max });
}
