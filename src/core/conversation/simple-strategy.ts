import type { ChatTurn } from '../llm-engine.ts';
import type { Message } from '../message.ts';
import type { ReplyStrategy } from './reply-strategy.ts';

/** How many of the latest messages the simple prompt keeps. */
const RECENT_MESSAGES = 20;

/**
 * The first chat's prompt: persona description as the system prompt plus the most recent
 * turns as chat messages; the reply is shown as generated.
 */
export function createSimpleStrategy(maxTokens = 512): ReplyStrategy {
  return {
    buildRequest(persona, history) {
      const system = [`You are ${persona.name}. Stay in character and reply as ${persona.name} only.`, persona.description]
        .filter((s) => s.trim())
        .join('\n\n');
      const turns: ChatTurn[] = history
        .filter((m: Message) => m.text.trim() !== '')
        .slice(-RECENT_MESSAGES)
        .map((m) => ({ role: m.role, content: m.text }));
      if (turns[0]?.role === 'assistant') turns.unshift({ role: 'user', content: '(The conversation begins.)' });
      return { input: { kind: 'chat', messages: [{ role: 'system', content: system }, ...turns] }, maxTokens, enableThinking: false };
    },
    parse(raw, finishReason) {
      const text = raw.trim();
      return finishReason === 'length' ? { text, raw, interruptReason: 'max-tokens' } : { text, raw };
    },
  };
}
