import type { PromptFlags } from '../eval/configurations.ts';
import { prefixWithinTokens } from '../extract/index.ts';
import type { Persona } from '../persona/index.ts';
import { namesOf, personaText, renderPersonaCore } from '../persona/index.ts';
import { taskText } from '../prompt/layouts.ts';
import { speakersOf } from '../prompt/reply-form.ts';
import type { TokenCounter } from '../token-counter.ts';

/** Share of the prompt budget (window − reply) raw material may fill, leaving room for the interview. */
export const RAW_MATERIAL_SHARE = 0.5;

/**
 * The persona's source material as written, unsummarised: description, the card's personality,
 * scenario, first message and alternate greetings, sample dialogues (only when `exemplars` is
 * on) and the enabled lore entries. Macros substituted; `creatorNotes` and the card's prompt
 * overrides are never included (they are instructions, not material).
 */
export function rawMaterial(persona: Persona, options: { exemplars: boolean }): string {
  const names = namesOf(persona);
  const parts = [
    persona.description,
    persona.behaviours.personality,
    persona.scenario,
    persona.greeting,
    ...persona.alternateGreetings,
    options.exemplars ? persona.sampleDialogues : '',
    ...persona.lore.filter((entry) => entry.enabled).map((entry) => entry.content),
  ];
  return parts
    .map((part) => personaText(part, names))
    .filter((part) => part !== '')
    .join('\n\n');
}

/** `text` cut to at most `maxTokens` tokens, ending in `[…]` when it was cut. */
function fitTokens(text: string, counter: TokenCounter, maxTokens: number): string {
  if (counter.count(text) <= maxTokens) return text;
  const end = prefixWithinTokens(text, counter, Math.max(1, maxTokens - 4));
  return `${text.slice(0, end).trimEnd()} […]`;
}

/** What {@link personaCoreFor} needs besides the persona and the flags. */
export interface CoreBudget {
  counter: TokenCounter;
  contextWindow: number;
  maxTokens: number;
}

/**
 * The persona part of the system prompt for a configuration:
 * - Extract on: the structured persona core ({@link renderPersonaCore}) with the app's task
 *   paragraph, and style instructions only when `styleControls` is on; with every flag on this is
 *   exactly what the chat sends.
 * - Extract off: {@link rawMaterial} instead, cut to {@link RAW_MATERIAL_SHARE} of the budget so
 *   the interview still fits the model's context.
 */
export function personaCoreFor(persona: Persona, flags: PromptFlags, budget: CoreBudget): string {
  if (!flags.extract) {
    const limit = Math.floor((budget.contextWindow - budget.maxTokens) * RAW_MATERIAL_SHARE);
    return fitTokens(rawMaterial(persona, { exemplars: flags.exemplars }), budget.counter, limit);
  }
  return renderPersonaCore(persona, { original: taskText(speakersOf(persona)), ...(flags.styleControls ? {} : { styleControls: false }) });
}
