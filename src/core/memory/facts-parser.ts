/**
 * Defensive parser of the fact extractor's answer: accepts `{facts:[…]}`, a bare array or a
 * single fact, salvages truncated JSON, maps synonyms of who a fact is about, clamps
 * importance to an integer 1–10 and resolves the message number to its id. Bad items are
 * counted and dropped, never thrown.
 */
import type { MessageId } from '../ids.ts';
import type { FactsTurn } from './facts-request.ts';
import { readJson } from '../llm-output.ts';

/** One fact the model extracted. */
export interface ExtractedFact {
  about: 'user' | 'character';
  text: string;
  /** Integer 1..10. */
  importance: number;
  sourceMessageId?: MessageId;
}

/** Why nothing could be read at all. */
export type FactsParseProblem = 'no-json' | 'wrong-shape';

/** Result of {@link parseFactsResponse}. */
export interface FactsParseResult {
  facts: ExtractedFact[];
  /** Items present but unusable. */
  rejected: number;
  problem?: FactsParseProblem;
}

/** Names used to resolve who a fact is about. */
export interface FactsNames {
  userName: string;
  characterName: string;
  /** A group chat's characters: a fact about any of them is about "the character". */
  castNames?: readonly string[];
}

/** Longest fact kept, in characters. */
export const MAX_FACT_CHARS = 300;

/** Importance as an integer 1..10: numbers are rounded and clamped, "7/10" reads as 7, anything else is 5. */
export function clampImportance(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  if (!Number.isFinite(n)) return 5;
  return Math.min(10, Math.max(1, Math.round(n)));
}

function field(obj: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) if (obj[n] !== undefined) return obj[n];
  return undefined;
}

function aboutOf(value: unknown, text: string, names: FactsNames): ExtractedFact['about'] | undefined {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const characters = [names.characterName, ...(names.castNames ?? [])];
  if (['user', 'me', 'human', 'player', names.userName.toLowerCase()].includes(v)) return 'user';
  if (['character', 'characters', 'char', 'assistant', 'bot', 'ai', ...characters.map((n) => n.toLowerCase())].includes(v)) return 'character';
  if (v !== '') return undefined;
  if (names.userName && text.includes(names.userName)) return 'user';
  if (characters.some((n) => n && text.includes(n))) return 'character';
  return undefined;
}

function messageOf(value: unknown, turns: readonly FactsTurn[]): MessageId | undefined {
  if (typeof value === 'string') {
    const byId = turns.find((t) => t.id === value);
    if (byId) return byId.id;
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value.replace(/^\[|\]$/g, ''), 10) : Number.NaN;
  return Number.isInteger(n) ? turns[n - 1]?.id : undefined;
}

function itemsOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const facts = (value as Record<string, unknown>).facts;
  if (Array.isArray(facts)) return facts;
  return field(value as Record<string, unknown>, ['fact', 'text']) !== undefined ? [value] : undefined;
}

function factOf(item: unknown, turns: readonly FactsTurn[], names: FactsNames): ExtractedFact | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const obj = item as Record<string, unknown>;
  const raw = field(obj, ['fact', 'text', 'content', 'description']);
  if (typeof raw !== 'string') return undefined;
  const text = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_FACT_CHARS);
  if (text.length < 2) return undefined;
  const about = aboutOf(field(obj, ['about', 'subject', 'who']), text, names);
  if (!about) return undefined;
  const sourceMessageId = messageOf(field(obj, ['message', 'messageId', 'source', 'msg']), turns);
  return { about, text, importance: clampImportance(obj.importance), ...(sourceMessageId ? { sourceMessageId } : {}) };
}

/** Reads the facts out of a model answer; never throws. */
export function parseFactsResponse(answer: string, turns: readonly FactsTurn[], names: FactsNames): FactsParseResult {
  const value = readJson(answer, { salvage: true });
  if (value === undefined) return { facts: [], rejected: 0, problem: 'no-json' };
  const items = itemsOf(value);
  if (!items) return { facts: [], rejected: 0, problem: 'wrong-shape' };
  const facts: ExtractedFact[] = [];
  const seen = new Set<string>();
  let rejected = 0;
  for (const item of items) {
    const fact = factOf(item, turns, names);
    const key = fact?.text.toLowerCase();
    if (!fact || key === undefined || seen.has(key)) rejected++;
    else {
      seen.add(key);
      facts.push(fact);
    }
  }
  return { facts, rejected };
}
