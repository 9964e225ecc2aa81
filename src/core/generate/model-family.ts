/**
 * What Qwen3 (and WebLLM's handling of it) adds to an assistant turn when thinking is off:
 * the chat template opens the reply with this empty thinking block. WebLLM inserts it in chat
 * mode and includes it in the streamed reply text; a raw prompt must write it itself.
 */
export const EMPTY_THINK_BLOCK = '<think>\n\n</think>\n\n';

/** True for Qwen3 model ids (e.g. `Qwen3-1.7B-q4f16_1-MLC`), whose template has a thinking block. */
export function isQwen3(modelId: string): boolean {
  return /qwen3/i.test(modelId);
}
