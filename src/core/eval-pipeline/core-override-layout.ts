import type { PromptContext, PromptLayout } from '../generate/prompt-layout.ts';

/**
 * `layout` with the persona core replaced by `personaCore`: the prompt builder (budget,
 * summaries, dropped turns) runs unchanged, only the persona text differs. Used for ablations
 * that change what the system prompt says about the character.
 */
export function withPersonaCore(layout: PromptLayout, personaCore: string): PromptLayout {
  const swap = (ctx: PromptContext): PromptContext => ({ ...ctx, personaCore });
  return {
    id: layout.id,
    segments: (ctx) => layout.segments(swap(ctx)),
    build: (ctx) => layout.build(swap(ctx)),
  };
}
