/** Token usage and speed of one completion, as reported by the engine. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Tokens the engine actually prefilled (less than promptTokens when a KV cache was reused). */
  prefillTokens?: number;
  prefillTokensPerSecond?: number;
  decodeTokensPerSecond?: number;
  timeToFirstTokenSeconds?: number;
}
