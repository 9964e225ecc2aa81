/** A user's own OpenAI-compatible server (Ollama, llama.cpp server, vLLM, LM Studio). */
export interface EndpointConfig {
  /** Base URL including the version path, e.g. "http://localhost:11434/v1". */
  baseUrl: string;
  /** Optional API key; stored on this device only. */
  apiKey: string;
  model: string;
  /** Tokens the server's model reads at once; prompts are budgeted to it (default 4096). */
  contextWindow?: number;
  /**
   * The server takes raw prompts on `/v1/completions` (llama.cpp server, vLLM, Ollama): EGOS
   * builds the whole prompt, ending inside the character's turn (`Name: "`). Default false: chat.
   */
  rawCompletion?: boolean;
  /**
   * How long to wait for the server to start answering, and for the next part of a reply, in
   * seconds (default 60). A server that loads its model on the first request may need more.
   */
  waitSeconds?: number;
}

/** Which engine the user chose, persisted in settings. */
export type EngineChoice =
  | { kind: 'webllm'; modelId: string | null }
  | { kind: 'openai'; endpoint: EndpointConfig }
  /** The CPU (WebAssembly) engine; `modelId` is a catalogue id or a GGUF URL. */
  | { kind: 'wllama'; modelId: string };

/** Default of {@link EndpointConfig.waitSeconds}. */
export const DEFAULT_WAIT_SECONDS = 60;

/** The endpoint's wait setting as the adapter's request and stall timeouts (milliseconds). */
export function endpointTimeouts(config: Pick<EndpointConfig, 'waitSeconds'>): { requestTimeoutMs: number; stallTimeoutMs: number } {
  const seconds = config.waitSeconds !== undefined && Number.isFinite(config.waitSeconds) && config.waitSeconds > 0 ? config.waitSeconds : DEFAULT_WAIT_SECONDS;
  return { requestTimeoutMs: seconds * 1000, stallTimeoutMs: seconds * 1000 };
}
