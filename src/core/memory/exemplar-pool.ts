/**
 * Builds the exemplar candidates of a persona: the lines it may be shown saying this turn, chosen
 * by the current context (see exemplars.ts). Selection adds something only when the pool holds
 * lines the prompt does not already carry, so besides the card's example turns (only when the
 * system prompt leaves them out) and stored sample lines, it draws on:
 * - the source material: the character's lines in its `source-chunk` memories (character-lines.ts);
 * - experiences: the character's lines in its `experience` memories;
 * - replies the user kept: the character's replies in this persona's chats that the user rated
 *   up or chose among several alternatives, each with the user line it answered.
 * A line the system prompt's example dialogue already holds is never a candidate, and each text
 * is a candidate once. Lines of this chat's history that are in the prompt window are left out at
 * selection, like every note that repeats the prompt. Build it once per persona and chat; rebuild
 * when a memory changes or the user keeps another reply.
 */
import type { ChatId, MemoryId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import { activeVariantIndex, variantsOf } from '../conversation/variants.ts';
import type { Persona } from '../persona/index.ts';
import { characterTurns, parseExampleDialogue, namesOf } from '../persona/index.ts';
import { characterLines, nameVariants } from './character-lines.ts';
import { ExemplarPool, type ExemplarCandidate, type ExemplarOrigin } from './exemplars.ts';
import type { Memory } from './memory.ts';
import type { MemoryIndex } from './memory-index.ts';
import { hasCurrentEmbedding } from './reembed.ts';
import { normaliseForDedup, TextDedup } from './text-dedup.ts';

/** Most kept replies in a pool (the newest). */
export const MAX_KEPT_REPLIES = 200;
/** Most lines taken from the source material and from experiences, each (first in stored order). */
export const MAX_PROSE_LINES = 1000;

/** A character reply the user kept: rated up, or the alternative chosen among several. */
export interface KeptReply {
  /** `kept-<message id>-<alternative>`. */
  id: string;
  chatId: ChatId;
  text: string;
  /** The user line it answered. */
  context?: string;
  /** When the reply was written. */
  at: number;
}

/**
 * The replies of `personaId` in one chat's messages (oldest first) that the user kept: every
 * alternative rated up, and the shown alternative of a reply with several unless rated down.
 * Failed, streaming and empty replies never count. `host`: whose lines the chat's unsigned
 * messages are (the chat's persona; a group chat's host).
 */
export function keptReplies(messages: readonly Message[], speaker: { personaId: PersonaId; host: PersonaId }): KeptReply[] {
  const out: KeptReply[] = [];
  let userLine: string | undefined;
  for (const m of messages) {
    if (m.role === 'user') {
      userLine = m.text.trim() || userLine;
      continue;
    }
    if ((m.speakerId ?? speaker.host) !== speaker.personaId) continue;
    const variants = variantsOf(m);
    const shown = activeVariantIndex(m);
    variants.forEach((v, i) => {
      const chosen = v.rating === 'up' || (variants.length > 1 && i === shown && v.rating !== 'down');
      if (!chosen || v.status === 'error' || v.status === 'streaming' || v.text.trim() === '') return;
      out.push({ id: `kept-${m.id}-${i}`, chatId: m.chatId, text: v.text.trim(), ...(userLine ? { context: userLine } : {}), at: v.createdAt });
    });
  }
  return out;
}

/** The newest {@link MAX_KEPT_REPLIES} of `kept`, newest first. */
export function newestKept(kept: readonly KeptReply[]): KeptReply[] {
  return [...kept].sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, MAX_KEPT_REPLIES);
}

/** What a pool is built from besides the persona and its memories. */
export interface ExemplarPoolOptions {
  /** False when the system prompt holds the card's example dialogue: its turns are no candidates, nor any line repeating them. */
  cardExamples?: boolean;
  /** Replies the user kept (see {@link keptReplies}); the newest {@link MAX_KEPT_REPLIES} are used. */
  kept?: readonly KeptReply[];
}

/** The memory kinds a pool reads. */
const POOL_KINDS = ['sample-line', 'experience', 'source-chunk'] as const;

/**
 * A cheap fingerprint of the memories a pool of `chatId` is built from (their number, last edits,
 * text lengths and vectors of the index's model): a kept pool is stale when it changes. Facts and
 * summaries coming and going, or memories being recalled, leave it as it is.
 */
export function exemplarMemoriesVersion(index: MemoryIndex, chatId?: ChatId): string {
  const model = index.embeddingModel;
  let count = 0;
  let edits = 0;
  let length = 0;
  let vectors = 0;
  for (const kind of POOL_KINDS) {
    for (const m of index.ofKind(kind, { chatId })) {
      count++;
      edits += m.updatedAt;
      length += m.text.length;
      if (hasCurrentEmbedding(m, model)) vectors++;
    }
  }
  return `${model ?? ''}|${count}|${edits}|${length}|${vectors}`;
}

/** The character's lines in prose memories (source chunks, experiences), each with its memory's vector. */
function proseLines(memories: readonly Memory[], names: readonly string[], origin: ExemplarOrigin, model: string | undefined): ExemplarCandidate[] {
  const out: ExemplarCandidate[] = [];
  for (const m of memories) {
    const vector = hasCurrentEmbedding(m, model) ? m.embedding?.vector : undefined;
    characterLines(m.text, names).forEach((line, i) => {
      out.push({
        id: `${origin}-${m.id}-${i}`,
        text: line.text,
        ...(line.context ? { context: line.context } : {}),
        ...(vector ? { vector } : {}),
        memoryId: m.id as MemoryId,
        origin,
      });
    });
    if (out.length >= MAX_PROSE_LINES) break;
  }
  return out.slice(0, MAX_PROSE_LINES);
}

/**
 * The exemplar pool of a persona in a chat: stored sample lines (with their vectors when they
 * match the index's embedding model), the card's example turns (the character's turns, each with
 * the user turn it answered, macros replaced) unless `cardExamples` is false, kept replies (newest
 * first), then the character's lines in its experiences and its source material (each line with
 * its memory's vector, so a line matches by the meaning of the passage it is in). The order is
 * also the order lines that match nothing are offered in. A candidate's text is the line without
 * its speaker; the prompt writes it in the chat's reply form.
 */
export function buildExemplarPool(
  persona: Pick<Persona, 'name' | 'sampleDialogues' | 'user'>,
  index: MemoryIndex,
  chatId?: ChatId,
  options: ExemplarPoolOptions = {},
): ExemplarPool {
  const names = namesOf(persona);
  const cardTurns = characterTurns(parseExampleDialogue(persona.sampleDialogues, names));
  const model = index.embeddingModel;
  const stored: ExemplarCandidate[] = index.ofKind('sample-line', { chatId }).map((m) => ({
    id: m.id,
    text: m.text,
    vector: hasCurrentEmbedding(m, model) ? m.embedding?.vector : undefined,
    memoryId: m.id as MemoryId,
    origin: 'sample-line',
  }));
  const card: ExemplarCandidate[] =
    options.cardExamples === false ? [] : cardTurns.map((t, i) => ({ id: `sample-${i}`, text: t.text, context: t.context, origin: 'card' }));
  const kept: ExemplarCandidate[] = newestKept(options.kept ?? []).map((k) => ({
    id: k.id,
    text: k.text,
    ...(k.context ? { context: k.context } : {}),
    origin: 'kept-reply',
  }));
  const spoken = nameVariants(persona.name);
  const experiences = proseLines(index.ofKind('experience', { chatId }), spoken, 'experience', model);
  const source = proseLines(index.ofKind('source-chunk', { chatId }), spoken, 'source', model);

  const inSystemPrompt = new TextDedup(options.cardExamples === false ? cardTurns.map((t) => t.text).join('\n') : '');
  const seen = new Set<string>();
  const fresh = (c: ExemplarCandidate): boolean => {
    const key = normaliseForDedup(c.text);
    if (key === '' || seen.has(key) || inSystemPrompt.isDuplicate(c.text)) return false;
    seen.add(key);
    return true;
  };
  return new ExemplarPool([...stored, ...card, ...kept, ...experiences, ...source].filter(fresh));
}
