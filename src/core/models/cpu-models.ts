import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';

/** A GGUF model of the CPU (WebAssembly) engine's catalogue. */
export interface CpuModelInfo {
  /** Stable id stored in the engine choice, e.g. "Qwen2.5-0.5B-Instruct-Q4_K_M". */
  id: string;
  family: string;
  /** Parameter count in billions. */
  billions: number;
  quantization: string;
  /** The GGUF file in the model's official Hugging Face repository. */
  url: string;
  /** Download size in MB (the GGUF file, rounded). */
  downloadMB: number;
  /** Memory while running, in MB: weights plus the KV cache at {@link CPU_CONTEXT_WINDOW} (estimate). */
  memoryMB: number;
  /** Tokens the model was trained to read. */
  trainedContext: number;
  /** Tokens EGOS lets the model read on the CPU engine (prompts are budgeted to it). */
  contextWindow: number;
}

/**
 * Context window used on the CPU engine. Qwen2.5 reads 32k tokens, but on a CPU every prompt
 * token costs prefill time and KV-cache memory, so EGOS budgets prompts to 4096 tokens.
 */
export const CPU_CONTEXT_WINDOW = 4096;

const HF = 'https://huggingface.co';

/** The CPU engine's models: Qwen2.5 Instruct in 4-bit (Q4_K_M) GGUF from Qwen's own repositories. */
export const CPU_MODELS: readonly CpuModelInfo[] = [
  {
    id: 'Qwen2.5-0.5B-Instruct-Q4_K_M',
    family: 'Qwen2.5',
    billions: 0.5,
    quantization: 'Q4_K_M',
    url: `${HF}/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf`,
    downloadMB: 491,
    memoryMB: 600,
    trainedContext: 32768,
    contextWindow: CPU_CONTEXT_WINDOW,
  },
  {
    id: 'Qwen2.5-1.5B-Instruct-Q4_K_M',
    family: 'Qwen2.5',
    billions: 1.5,
    quantization: 'Q4_K_M',
    url: `${HF}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf`,
    downloadMB: 1120,
    memoryMB: 1300,
    trainedContext: 32768,
    contextWindow: CPU_CONTEXT_WINDOW,
  },
];

/** The catalogue entry with this id, if any. */
export function findCpuModel(id: string): CpuModelInfo | undefined {
  return CPU_MODELS.find((m) => m.id === id);
}

/** What the CPU engine loads: a catalogue model or a custom GGUF address. */
export interface CpuModelSource {
  /** The id stored in the engine choice: a catalogue id, or the custom URL itself. */
  id: string;
  url: string;
  /** Short name for messages, e.g. "Qwen2.5 0.5B" or the file name of a custom URL. */
  label: string;
  contextWindow: number;
  custom: boolean;
}

/** The file name at the end of a URL's path (without query), or the URL when it has none. */
export function fileNameOf(url: string): string {
  if (!URL.canParse(url)) return url;
  const name = new URL(url).pathname
    .split('/')
    .filter((p) => p !== '')
    .at(-1);
  return name ? decodeURIComponent(name) : url;
}

/**
 * Resolves an engine-choice model id: a catalogue id, or an absolute http(s) GGUF URL.
 * @throws ValidationError `invalid` when it is neither.
 */
export function resolveCpuModel(modelId: string): CpuModelSource {
  const known = findCpuModel(modelId);
  if (known) return { id: known.id, url: known.url, label: `${known.family} ${known.billions}B`, contextWindow: known.contextWindow, custom: false };
  if (URL.canParse(modelId) && /^https?:$/.test(new URL(modelId).protocol)) {
    return { id: modelId, url: modelId, label: fileNameOf(modelId), contextWindow: CPU_CONTEXT_WINDOW, custom: true };
  }
  throw new ValidationError('invalid', msg('models.cpu.unknown', { id: modelId }));
}

/** The result of checking a custom GGUF address typed by the user. */
export type GgufUrlCheck =
  | { ok: true; url: string }
  /** Usable only after the user confirms (the address does not end in `.gguf`). */
  | { ok: false; needsConfirmation: true; url: string; message: Message }
  | { ok: false; needsConfirmation: false; message: Message };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a custom GGUF address: it must be https, or http on this machine (localhost) or on the
 * page's own origin; an address whose path does not end in `.gguf` needs the user's confirmation
 * (`confirmed: true`). `pageOrigin` is the app's origin, e.g. "http://localhost:5173".
 */
export function checkGgufUrl(input: string, options: { pageOrigin?: string; confirmed?: boolean } = {}): GgufUrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, needsConfirmation: false, message: msg('models.gguf.empty') };
  if (!URL.canParse(text)) return { ok: false, needsConfirmation: false, message: msg('models.gguf.notUrl') };
  const url = new URL(text);
  const onThisMachine = LOOPBACK_HOSTS.has(url.hostname) || url.origin === options.pageOrigin;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && onThisMachine)) {
    return { ok: false, needsConfirmation: false, message: msg('models.gguf.notHttps') };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, needsConfirmation: false, message: msg('models.gguf.credentials') };
  }
  if (!/\.gguf$/i.test(url.pathname) && !options.confirmed) {
    return { ok: false, needsConfirmation: true, url: url.href, message: msg('models.gguf.notGguf', { name: fileNameOf(url.href) }) };
  }
  return { ok: true, url: url.href };
}
