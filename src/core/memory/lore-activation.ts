/**
 * Lore-book activation (Character Card `character_book`): an entry fires when one of its keys
 * occurs in the last `scanDepth` messages (CJK-aware matching, optional case sensitivity);
 * a selective entry also needs one of its secondary keys; constant entries always fire;
 * disabled ones never do. Fired entries are kept by priority within a token budget and
 * returned in insertion order.
 */
import type { LoreEntry } from '../persona/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import { firstMatchingKey } from './key-match.ts';

/** Options of {@link activateLore}. */
export interface LoreActivationOptions {
  /** How many of the most recent messages are scanned (default 2). */
  scanDepth?: number;
  /** Token budget for all fired entries' content; unlimited when absent. */
  budget?: number;
  tokenCounter?: TokenCounter;
}

/** An entry that fired, with why. */
export interface ActivatedLore {
  entry: LoreEntry;
  /** e.g. `key "Alice"`, `key "剑" + secondary "夜"`, `constant`. */
  reason: string;
  tokens: number;
}

/** Default number of recent messages scanned for keys (SillyTavern's default). */
export const DEFAULT_SCAN_DEPTH = 2;

/** Why an entry fires for the scanned text, or undefined when it does not. */
export function loreTrigger(entry: LoreEntry, text: string): string | undefined {
  if (!entry.enabled) return undefined;
  if (entry.constant) return 'constant';
  const key = firstMatchingKey(text, entry.keys, entry.caseSensitive);
  if (key === undefined) return undefined;
  if (!entry.selective || entry.secondaryKeys.length === 0) return `key "${key}"`;
  const second = firstMatchingKey(text, entry.secondaryKeys, entry.caseSensitive);
  return second === undefined ? undefined : `key "${key}" + secondary "${second}"`;
}

function byPriority(a: ActivatedLore, b: ActivatedLore): number {
  return (b.entry.priority ?? 0) - (a.entry.priority ?? 0) || a.entry.insertionOrder - b.entry.insertionOrder;
}

/**
 * Every entry that fires for the recent messages (oldest first), with no budget, ordered by
 * priority (higher first, then lower insertion order): the order in which a budget keeps them.
 */
export function fireLore(entries: readonly LoreEntry[], recentMessages: readonly string[], options: LoreActivationOptions = {}): ActivatedLore[] {
  const depth = Math.max(0, options.scanDepth ?? DEFAULT_SCAN_DEPTH);
  const text = depth === 0 ? '' : recentMessages.slice(-depth).join('\n');
  const count = (s: string): number => options.tokenCounter?.count(s) ?? 0;
  const fired: ActivatedLore[] = [];
  for (const entry of entries) {
    const reason = loreTrigger(entry, text);
    if (reason !== undefined && entry.content.trim() !== '') fired.push({ entry, reason, tokens: count(entry.content) });
  }
  return fired.sort(byPriority);
}

/** Sorts activated entries by insertion order (lower first), the order they enter the prompt. */
export function byInsertionOrder(a: ActivatedLore, b: ActivatedLore): number {
  return a.entry.insertionOrder - b.entry.insertionOrder;
}

/**
 * The lore entries that fire for the recent messages (oldest first), budgeted by priority
 * (higher first, then lower insertion order), returned in insertion order.
 */
export function activateLore(entries: readonly LoreEntry[], recentMessages: readonly string[], options: LoreActivationOptions = {}): ActivatedLore[] {
  let left = options.budget ?? Infinity;
  const kept = fireLore(entries, recentMessages, options).filter((f) => {
    if (f.tokens > left) return false;
    left -= f.tokens;
    return true;
  });
  return kept.sort(byInsertionOrder);
}
