/** Exact token counting with a model's real tokenizer (loaded before use). */
export interface TokenCounter {
  /** Tokenizer id, e.g. "qwen3". */
  readonly id: string;
  count(text: string): number;
}
