/** Token usage and speed of one completion, as reported by the engine. */
export interface Usage {
  /** Tokens of the whole prompt, when the engine knows it (WebLLM reports only what it prefilled). */
  promptTokens?: number;
  completionTokens: number;
  /** Tokens the engine actually prefilled (less than promptTokens when a KV cache was reused). */
  prefillTokens?: number;
  prefillTokensPerSecond?: number;
  decodeTokensPerSecond?: number;
  timeToFirstTokenSeconds?: number;
}
