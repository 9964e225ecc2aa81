import type { Chat } from '../chat.ts';
import { castList, speakerName, type CastNames } from '../group-chat.ts';
import type { LlmEngine } from '../llm-engine.ts';
import type { Memory } from '../memory/memory.ts';
import { buildFactsRequest, type FactsTurn } from '../memory/facts-request.ts';
import { parseFactsResponse } from '../memory/facts-parser.ts';
import { dedupeFacts, factsToMemories } from '../memory/facts-memory.ts';
import type { Message } from '../message.ts';
import { joinNames, userDisplayName, type Persona } from '../persona/index.ts';
import { collectText } from '../llm-output.ts';

/** Messages the fact extractor reads by default (the latest turns). */
const FACT_WINDOW = 8;

/** Inputs of one fact-extraction step. */
export interface ExtractFactsInput {
  engine: LlmEngine;
  /** The persona whose memory the facts go to (a group chat's host, or the character whose facts these are). */
  persona: Persona;
  chat: Chat;
  /**
   * A group chat's characters by persona id (every member and earlier speaker): each character
   * turn is read under its speaker's name and the instructions name them all. Unset: a one-to-one chat.
   */
  cast?: CastNames;
  messages: readonly Message[];
  /** How many of the latest messages to read (default 8). */
  window?: number;
  /** Facts already stored (their texts are not extracted again). */
  existing: readonly Memory[];
  now: number;
  signal?: AbortSignal;
}

/** New fact memories, or why none could be read (the model's answer was unusable). */
export interface ExtractFactsResult {
  memories: Memory[];
  problem?: string;
}

/**
 * Asks the model (constrained JSON) for facts about the user and the character (a group chat's
 * characters) in the latest turns and returns them as chat-level memories, deduplicated against what is stored. An
 * unusable answer yields no memories and a `problem`; nothing is guessed.
 * @throws EngineError when the engine fails.
 */
export async function extractChatFacts(input: ExtractFactsInput): Promise<ExtractFactsResult> {
  const { persona, cast } = input;
  const names = { userName: userDisplayName(persona), characterName: persona.name };
  const turns: FactsTurn[] = input.messages
    .filter((m) => m.text.trim() !== '' && m.status !== 'streaming')
    .slice(-(input.window ?? FACT_WINDOW))
    .map((m) => ({ id: m.id, speaker: m.role === 'user' ? names.userName : speakerName(m, names.characterName, cast), text: m.text }));
  if (turns.length === 0) return { memories: [] };
  const known = input.existing
    .filter((m) => m.kind === 'fact')
    .slice(-20)
    .map((m) => m.text);
  const characters = castList(persona.name, cast);
  const group = characters.length > 1 ? { characterName: joinNames(characters, persona.language), group: true } : {};
  const request = buildFactsRequest({ turns, ...names, ...group, language: persona.language, knownFacts: known });
  const answer = await collectText(input.engine, request, { signal: input.signal });
  if (answer.finishReason === 'abort') return { memories: [] };
  const parsed = parseFactsResponse(answer.text, turns, characters.length > 1 ? { ...names, castNames: characters } : names);
  const fresh = dedupeFacts(parsed.facts, input.existing);
  const memories = factsToMemories(fresh, { personaId: persona.id, chatId: input.chat.id, now: input.now });
  return parsed.problem ? { memories, problem: parsed.problem } : { memories };
}
