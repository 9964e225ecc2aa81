import type { EngineCapabilities } from '../llm-engine.ts';
import { chatLayout } from './chat-layout.ts';
import type { PromptLayout } from './prompt-layout.ts';
import { singleLayout } from './single-layout.ts';

/**
 * The default prompt layout for an engine.
 *
 * - Engine reuses its KV cache between chat calls (WebLLM) → `chat`. On the scripted 200-turn
 *   benchmark (`npx tsx test/bench/run.ts layouts`: real Qwen3 tokenizer, WebLLM's reuse rule)
 *   chat prefills ~135 tokens per turn on average (1.3–1.7× the new turn's own tokens, 10–11
 *   full prefills in 200 turns), single ~2450 (~33×, every turn a full prefill). See LAYOUTS.md.
 * - Otherwise, raw completion available (e.g. wllama) → `single`: no reuse is lost, and the
 *   assistant prefix `Name: "` is the most robust way to keep quote mode.
 * - Otherwise (chat-only endpoints without reuse) → `chat`, the only layout they accept.
 */
export function chooseLayout(capabilities: EngineCapabilities): PromptLayout {
  if (capabilities.reusesKvCache) return chatLayout;
  if (capabilities.rawCompletion) return singleLayout;
  return chatLayout;
}

/** The layout with this id. */
export function layoutById(id: PromptLayout['id']): PromptLayout {
  return id === 'chat' ? chatLayout : singleLayout;
}
