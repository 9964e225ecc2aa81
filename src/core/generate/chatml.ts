import type { ChatTurn } from '../llm-engine.ts';
import { EMPTY_THINK_BLOCK, isQwen3 } from './model-family.ts';

/** Qwen ChatML control tokens. */
export const IM_START = '<|im_start|>';
export const IM_END = '<|im_end|>';

/** The opening of a ChatML turn, e.g. `<|im_start|>user\n`. */
export function turnOpen(role: ChatTurn['role']): string {
  return `${IM_START}${role}\n`;
}

/** The end of a ChatML turn. */
export const TURN_CLOSE = `${IM_END}\n`;

/** A complete ChatML turn. */
export function chatMlTurn(role: ChatTurn['role'], content: string): string {
  return `${turnOpen(role)}${content}${TURN_CLOSE}`;
}

/**
 * The header that opens the model's reply: `<|im_start|>assistant\n`, followed for Qwen3 by
 * the empty thinking block its template uses when thinking is off (WebLLM adds the same in chat
 * mode, so the chat layout's token count includes it too).
 */
export function assistantHeader(modelId: string): string {
  return turnOpen('assistant') + (isQwen3(modelId) ? EMPTY_THINK_BLOCK : '');
}
