import { isRecord } from '../../core/llm-output.ts';
import { EngineError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import type { FinishReason } from '../../core/llm-engine.ts';
import type { Usage } from '../../core/usage.ts';
import { asSentence, serverMessage } from './http-errors.ts';
import { plainText } from './plain-text.ts';

/** The parts of one streamed (or non-streamed) completion object the engine uses. */
export interface ChunkInfo {
  text: string;
  finishReason?: FinishReason;
  usage?: ServerUsage;
}

/** Token counts and timings a server reported (OpenAI `usage`, llama.cpp `timings`). */
export interface ServerUsage {
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  prefillTokens?: number;
  prefillTokensPerSecond?: number;
  decodeTokensPerSecond?: number;
}

type Json = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Reads one `data:` payload of a chat or text completion stream (or a whole non-streamed body).
 * @throws EngineError `malformed-stream` when the payload is not JSON or has no `choices`,
 *   `engine-failed` when the server sent an error object instead of a chunk.
 */
export function readChunk(payload: string, server: string): ChunkInfo {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const line = plainText(payload, 60);
    throw malformed(server, msg('engine.openai.stream.notJson', { line }), error);
  }
  if (!isRecord(json)) throw malformed(server, msg('engine.openai.stream.notObject'));
  if (json.error !== undefined) throw serverError(json.error, server);
  const usage = readUsage(json);
  if (!Array.isArray(json.choices)) {
    if (usage) return { text: '', usage };
    throw malformed(server, msg('engine.openai.stream.noChoices'));
  }
  const choice: unknown = json.choices[0];
  if (choice === undefined) return { text: '', usage };
  if (!isRecord(choice)) throw malformed(server, msg('engine.openai.stream.choiceNotObject'));
  return { text: choiceText(choice, server), finishReason: finishReasonOf(choice.finish_reason), usage };
}

function choiceText(choice: Json, server: string): string {
  const holder = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : choice;
  const text = 'content' in holder ? holder.content : holder.text;
  if (text === undefined || text === null) return '';
  if (typeof text !== 'string') throw malformed(server, msg('engine.openai.stream.textNotString'));
  return text;
}

function finishReasonOf(value: unknown): FinishReason | undefined {
  if (value === null || value === undefined) return undefined;
  return value === 'length' ? 'length' : 'stop';
}

function readUsage(json: Json): ServerUsage | undefined {
  const usage = isRecord(json.usage) ? json.usage : undefined;
  const timings = isRecord(json.timings) ? json.timings : undefined;
  if (!usage && !timings) return undefined;
  const details = usage && isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : undefined;
  return {
    promptTokens: num(usage?.prompt_tokens),
    completionTokens: num(usage?.completion_tokens),
    cachedTokens: num(details?.cached_tokens),
    prefillTokens: num(timings?.prompt_n),
    prefillTokensPerSecond: num(timings?.prompt_per_second),
    decodeTokensPerSecond: num(timings?.predicted_per_second),
  };
}

/** Merges usage reported across chunks (llama.cpp sends `timings` and `usage` separately). */
export function mergeUsage(a: ServerUsage | undefined, b: ServerUsage | undefined): ServerUsage | undefined {
  if (!a || !b) return a ?? b;
  const merged: ServerUsage = { ...a };
  for (const [key, value] of Object.entries(b) as Array<[keyof ServerUsage, number | undefined]>) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Client-side clock readings of one request, in milliseconds (performance.now()). */
export interface ClientTimes {
  sentAt: number;
  firstTextAt?: number;
  endedAt: number;
}

/**
 * Builds the app's {@link Usage} from what the server reported, filling speed and time to
 * first token from the client's clock where the server gave none. Undefined without token counts.
 */
export function toUsage(server: ServerUsage | undefined, times: ClientTimes): Usage | undefined {
  if (server?.promptTokens === undefined || server.completionTokens === undefined) return undefined;
  const usage: Usage = { promptTokens: server.promptTokens, completionTokens: server.completionTokens };
  const prefill = server.prefillTokens ?? (server.cachedTokens !== undefined ? server.promptTokens - server.cachedTokens : undefined);
  if (prefill !== undefined) usage.prefillTokens = prefill;
  if (server.prefillTokensPerSecond !== undefined) usage.prefillTokensPerSecond = server.prefillTokensPerSecond;
  if (times.firstTextAt !== undefined) {
    usage.timeToFirstTokenSeconds = (times.firstTextAt - times.sentAt) / 1000;
    const decodeSeconds = (times.endedAt - times.firstTextAt) / 1000;
    const measured = decodeSeconds > 0 && server.completionTokens > 1 ? (server.completionTokens - 1) / decodeSeconds : undefined;
    const decode = server.decodeTokensPerSecond ?? measured;
    if (decode !== undefined) usage.decodeTokensPerSecond = decode;
  } else if (server.decodeTokensPerSecond !== undefined) {
    usage.decodeTokensPerSecond = server.decodeTokensPerSecond;
  }
  return usage;
}

/** `what` says what the payload was (a fragment such as "a line that is not a JSON object"). */
function malformed(server: string, what: Message, cause?: unknown): EngineError {
  return new EngineError('malformed-stream', msg('engine.openai.stream.malformed', { server, what }), { cause });
}

/** The error a server sent inside its stream (an `error` object, or an SSE `event: error`), with the server's own message. */
export function serverError(error: unknown, server: string): EngineError {
  const said = serverMessage(typeof error === 'string' ? error : JSON.stringify({ error }));
  // A full stop of the server's own is left to the sentence; other end punctuation ("!", "?", a quote) is kept as it is.
  if (/[.。]$/.test(said) || asSentence(said) !== said) {
    return new EngineError('engine-failed', msg('engine.openai.stream.serverError', { server, said: said.replace(/[.。]$/, '') }));
  }
  return new EngineError('engine-failed', msg('engine.openai.stream.serverErrorSentence', { server, said }));
}
