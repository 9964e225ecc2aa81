/** Test tool: a ReplyStrategy that sends the history as plain lines and shows the reply as generated. */
import type { ReplyStrategy } from '../../src/core/conversation/reply-strategy.ts';

export function createPlainStrategy(userPrefix?: string): ReplyStrategy {
  return {
    async prepare(_persona, history) {
      const last = history.at(-1);
      return {
        request: { input: { kind: 'prompt', prompt: history.map((m) => m.text).join('\n') } },
        userSent: userPrefix !== undefined && last?.role === 'user' ? `${userPrefix}${last.text}` : undefined,
        parse: (raw, finish) => (finish === 'length' ? { text: raw.trim(), raw, interruptReason: 'max-tokens' } : { text: raw.trim(), raw }),
      };
    },
  };
}
