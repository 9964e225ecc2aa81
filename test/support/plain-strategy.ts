/** Test tool: a ReplyStrategy that sends the history as plain lines and shows the reply as generated. */
import type { ReplyStrategy } from '../../src/core/conversation/reply-strategy.ts';

export function createPlainStrategy(userPrefix?: string): ReplyStrategy {
  const promptOf = (history: { text: string }[]) => ({ input: { kind: 'prompt' as const, prompt: history.map((m) => m.text).join('\n') } });
  return {
    async prepare(_persona, history) {
      const last = history.at(-1);
      return {
        request: promptOf(history),
        userSent: userPrefix !== undefined && last?.role === 'user' ? `${userPrefix}${last.text}` : undefined,
        parse: (raw, finish) => (finish === 'length' ? { text: raw.trim(), raw, interruptReason: 'max-tokens' } : { text: raw.trim(), raw }),
      };
    },
    async prepareContinue(_persona, history) {
      const last = history.at(-1);
      const before = last?.text ?? '';
      const oldRaw = last?.raw ?? before;
      return {
        request: promptOf(history),
        parse: (raw, finish) => ({
          text: (before + raw).trim(),
          raw: oldRaw + raw,
          ...(finish === 'length' ? { interruptReason: 'max-tokens' as const } : {}),
        }),
      };
    },
    async prepareImpersonate(_persona, history) {
      return { request: promptOf(history), parse: (raw) => ({ text: raw.trim(), raw }) };
    },
  };
}
