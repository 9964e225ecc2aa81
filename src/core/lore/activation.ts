/**
 * World-info activation: which lore entries go into this turn's prompt, from which book, why,
 * and where. One concept, top to bottom:
 *
 * 1. **Sources** ({@link loreSources}): the persona's own lore (the card's `character_book`), then
 *    the world books attached globally, to the persona and to the chat; a book attached in two
 *    places counts once, and an id whose book is gone is ignored.
 * 2. **Scan**: an entry's keys are looked for in the last N messages, N being the entry's scan
 *    depth, else its book's, else the chat's ({@link DEFAULT_SCAN_DEPTH}). Constant entries fire
 *    without keys; disabled and empty ones never do.
 * 3. **Keys**: text is compared after NFKC, ignoring case unless the entry is case-sensitive.
 *    With `wholeWords` a Latin key must stand on word boundaries ("cat" not in "concatenate");
 *    without it (the default, as in SillyTavern) it matches inside words too ("dragon" in
 *    "dragons"). A Chinese key always matches inside a sentence: Chinese has no spaces, so a
 *    boundary never occurs there. A key written `/…/flags` is a regular expression (its own flags
 *    decide case; `g` and `y` are dropped); one that does not compile never fires and never throws.
 * 4. **Secondary keys** of a selective entry combine with a primary match as its logic says:
 *    `and-any` (one of them too), `not-all` (not all of them), `not-any` (none of them),
 *    `and-all` (all of them).
 * 5. **Probability**: an entry below 100% fires on a draw that depends only on the seed (the chat
 *    and the turn: see {@link ActivationInput.seed}), its book and its id — regenerating a reply
 *    to the same line gives the same lore; the next line draws afresh. One draw per entry and
 *    turn, whether it fired by key or by recursion.
 * 6. **Recursion**: the text of fired entries (not those marked `preventRecursion`) is scanned
 *    again for the keys of entries that have not fired (not those marked `excludeRecursion`),
 *    step after step, at most the book's `recursionSteps` ({@link DEFAULT_RECURSION_STEPS}; 0
 *    turns it off). An entry fires at most once, so a loop (A names B, B names A) ends by itself;
 *    the bound keeps a long chain from pulling in a whole book.
 * 7. **Budget**: the fired entries are ranked — constant first, then higher priority, then direct
 *    before recursion, then lower insertion order — and kept while they fit the lore budget (and
 *    their book's own share of the window); an entry that does not fit whole is cut to the room
 *    left when that room is worth it, the rest are reported as left out. Placed entries come
 *    back in insertion order (lower first), the order they enter the prompt.
 */
import type { BookId, WorldBook } from './world-book.ts';
import type { LoreEntry, LorePosition, MacroNames, SecondaryLogic } from '../persona/index.ts';
import { personaText } from '../persona/index.ts';
import { cutToTokens } from '../memory/token-budget.ts';
import { isCjkChar } from '../memory/text-segment.ts';
import { TextDedup } from '../memory/text-dedup.ts';
import type { TokenCounter } from '../token-counter.ts';

/** Messages scanned for keys when neither the entry nor its book says (SillyTavern's default). */
export const DEFAULT_SCAN_DEPTH = 2;

/**
 * Rounds of recursion when a book does not say: enough for a chain such as place → faction →
 * leader, small enough that one mention never pulls in a whole book.
 */
export const DEFAULT_RECURSION_STEPS = 3;

/** Depth of an `at-depth` entry that does not say (messages from the newest). */
export const DEFAULT_LORE_DEPTH = 4;

/** Where an entry goes when it does not say. */
const DEFAULT_POSITION: LorePosition = 'after-character';

/** Smallest room (tokens) worth filling with the start of an entry that does not fit whole. */
const TRIM_FROM = 48;

/** Where lore comes from: the persona's own entries, or one world book. */
export interface LoreSource {
  /** The world book; absent for the persona's own lore (the card's `character_book`). */
  book?: { id: BookId; name: string };
  entries: readonly LoreEntry[];
  scanDepth?: number;
  recursionSteps?: number;
  /** Largest share of the context window this source's entries may take, in percent. */
  budgetPercent?: number;
}

/**
 * The sources of a chat's lore: the persona's own entries first, then the books `bookIds` names
 * (see `attachedBooks`: global, the persona's, the chat's), each book once. Ids without a book
 * (deleted) are skipped.
 */
export function loreSources(ownLore: readonly LoreEntry[], bookIds: readonly BookId[], books: readonly WorldBook[]): LoreSource[] {
  const byId = new Map(books.map((b) => [b.id, b]));
  const seen = new Set<BookId>();
  const sources: LoreSource[] = ownLore.length > 0 ? [{ entries: ownLore }] : [];
  for (const id of bookIds) {
    const book = byId.get(id);
    if (!book || seen.has(id)) continue;
    seen.add(id);
    sources.push({
      book: { id: book.id, name: book.name },
      entries: book.entries,
      ...(book.scanDepth === undefined ? {} : { scanDepth: book.scanDepth }),
      ...(book.recursionSteps === undefined ? {} : { recursionSteps: book.recursionSteps }),
      ...(book.budgetPercent === undefined ? {} : { budgetPercent: book.budgetPercent }),
    });
  }
  return sources;
}

/** An entry as the Why panel names it: its book (absent: the persona's own lore) and its label. */
export interface LoreRef {
  book?: string;
  entry: string;
}

/** What made an entry fire. */
export type LoreTrigger =
  { kind: 'constant' } | { kind: 'key'; key: string; secondary?: string } | { kind: 'recursion'; key: string; secondary?: string; from: LoreRef };

/** An entry that fired, with its text as it goes into the prompt (macros replaced). */
export interface FiredLore {
  ref: LoreRef;
  entry: LoreEntry;
  trigger: LoreTrigger;
  /** 0: fired by the messages or constant; n: by the n-th round of recursion. */
  step: number;
  text: string;
}

/** An entry that went into the prompt, and where. */
export interface PlacedLore extends FiredLore {
  position: LorePosition;
  /** With `at-depth`: messages from the newest. */
  depth: number;
  tokens: number;
  /** Cut to fit the budget: `text` is the cut text. */
  trimmed?: true;
  /** Asked for a place around the character, sent with the newest turn to keep the engine's cache (see {@link ActivationInput.keepSystemPromptStable}). */
  moved?: LorePosition;
}

/** An entry that fired but stayed out: no room left, or its text is already in the turns resent. */
export interface LeftOutLore extends FiredLore {
  why: 'over-budget' | 'already-sent';
}

/** What {@link activateLore} decided for one turn. */
export interface LoreActivation {
  placed: PlacedLore[];
  leftOut: LeftOutLore[];
}

/** Everything one turn's activation reads. */
export interface ActivationInput {
  sources: readonly LoreSource[];
  /** The chat's messages (their visible text), oldest first, ending with the newest. */
  messages: readonly string[];
  /**
   * What the probability draws depend on besides the entry: the chat and the turn (the newest
   * user line), so a regenerated reply gets the same lore and the next line draws afresh.
   */
  seed: string;
  /** Names for `{{char}}` / `{{user}}` in keys and content. */
  names: MacroNames;
  counter: TokenCounter;
  /** Tokens all placed entries may take together. */
  budget: number;
  /** The model's context window (tokens), for a book's own share. */
  contextWindow: number;
  /** Messages scanned when neither entry nor book says (default {@link DEFAULT_SCAN_DEPTH}). */
  scanDepth?: number;
  /**
   * Text of the earlier turns as they are resent, when entries placed into the history ride with
   * the newest turn and stay stored in it: such an entry whose text is already there is not
   * inserted again (system-prompt entries are never affected).
   */
  alreadySent?: string;
  /**
   * The engine keeps a cache between calls (WebLLM, the CPU engine): keyword entries placed before
   * or after the character ride with the newest turn instead (as `at-depth` 0, marked `moved`), so
   * the system prompt changes only when the constant entries do. Without this, a different set of
   * keyword entries each turn would make the engine read the whole prompt again every reply
   * (measured: 176 of 200 WebLLM replies; see README, "World books").
   */
  keepSystemPromptStable?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Keys

/** Prepares text or a key for comparison: NFKC always, lower-case unless case-sensitive. */
function fold(text: string, caseSensitive: boolean): string {
  const normal = text.normalize('NFKC');
  return caseSensitive ? normal : normal.toLowerCase();
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** True when `ch` is a letter, digit or underscore of a script that separates words by spaces. */
function isSpacedWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch) && !isCjkChar(ch);
}

function lastChar(s: string): string | undefined {
  return Array.from(s.slice(-2)).pop();
}

function firstChar(s: string): string | undefined {
  return Array.from(s.slice(0, 2))[0];
}

/**
 * True when `key` occurs in `text` (both folded) on word boundaries — enforced only on the sides
 * of the key that are letters of a spaced script, so a Chinese key matches inside a sentence and
 * a Latin key next to a Chinese character ("我喜欢Alice的猫") counts as bounded.
 */
function containsWord(text: string, key: string): boolean {
  const needLeft = isSpacedWordChar(firstChar(key));
  const needRight = isSpacedWordChar(lastChar(key));
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    if (needLeft && isSpacedWordChar(lastChar(text.slice(Math.max(0, at - 2), at)))) continue;
    if (needRight && isSpacedWordChar(firstChar(text.slice(at + key.length, at + key.length + 2)))) continue;
    return true;
  }
  return false;
}

const REGEX_KEY = /^\/(.+)\/([a-z]*)$/s;
const compiled = new Map<string, RegExp | null>();

/** The expression of a `/…/flags` key; null when it does not compile; undefined for a plain key. */
function regexOf(key: string): RegExp | null | undefined {
  const parts = REGEX_KEY.exec(key);
  if (!parts) return undefined;
  if (compiled.has(key)) return compiled.get(key) ?? null;
  let re: RegExp | null;
  try {
    re = new RegExp(parts[1] ?? '', (parts[2] ?? '').replace(/[gy]/g, ''));
  } catch {
    re = null;
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(key, re);
  return re;
}

/** How an entry compares its keys; `folded` remembers texts already folded during one activation. */
interface KeyRules {
  caseSensitive: boolean;
  wholeWords: boolean;
  names: MacroNames;
  folded: Map<string, string>;
}

/** `text` folded as the rules say (NFKC only for a regular expression), remembered. */
function folded(text: string, rules: KeyRules, forRegex = false): string {
  const caseSensitive = forRegex || rules.caseSensitive;
  const memoKey = `${caseSensitive ? 1 : 0}${text}`;
  let out = rules.folded.get(memoKey);
  if (out === undefined) {
    out = fold(text, caseSensitive);
    rules.folded.set(memoKey, out);
  }
  return out;
}

/** True when one key (raw, as the entry holds it) occurs in `text`. */
function keyOccurs(key: string, text: string, rules: KeyRules): boolean {
  const trimmed = personaText(key, rules.names).trim();
  if (trimmed === '') return false;
  const re = regexOf(trimmed);
  if (re === null) return false;
  if (re) return re.test(folded(text, rules, true));
  const needle = fold(trimmed, rules.caseSensitive);
  const haystack = folded(text, rules);
  return rules.wholeWords ? containsWord(haystack, needle) : haystack.includes(needle);
}

/** Why an entry's keys match `text`: the primary key (and the secondary one that counted), or undefined. */
function matchKeys(entry: LoreEntry, text: string, rules: KeyRules): { key: string; secondary?: string } | undefined {
  if (text === '') return undefined;
  const key = entry.keys.find((k) => keyOccurs(k, text, rules));
  if (key === undefined) return undefined;
  const secondaries = entry.secondaryKeys.filter((k) => k.trim() !== '');
  if (!entry.selective || secondaries.length === 0) return { key };
  const found = secondaries.filter((k) => keyOccurs(k, text, rules));
  const logic: SecondaryLogic = entry.secondaryLogic ?? 'and-any';
  switch (logic) {
    case 'and-any':
      return found.length > 0 ? { key, secondary: found[0] as string } : undefined;
    case 'and-all':
      return found.length === secondaries.length ? { key, secondary: found[0] as string } : undefined;
    case 'not-all':
      return found.length < secondaries.length ? { key } : undefined;
    case 'not-any':
      return found.length === 0 ? { key } : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Probability

/** FNV-1a with a final avalanche (murmur3's), as a fraction in [0, 1). */
function draw(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** True when an entry passes its probability on this turn's draw. */
function passesChance(entry: LoreEntry, source: LoreSource, seed: string): boolean {
  const p = entry.probability ?? 100;
  if (p >= 100) return true;
  if (p <= 0) return false;
  return draw(`${seed}\u0000${source.book?.id ?? ''}\u0000${entry.id}`) * 100 < p;
}

// ---------------------------------------------------------------------------------------------
// Firing

/** The name the Why panel gives an entry: its comment, else its first key, else its id. */
function entryLabel(entry: LoreEntry): string {
  return entry.comment?.trim() || entry.keys.find((k) => k.trim() !== '')?.trim() || entry.id;
}

interface Candidate {
  source: LoreSource;
  sourceIndex: number;
  entryIndex: number;
  entry: LoreEntry;
  ref: LoreRef;
  text: string;
  /** The messages this entry scans. */
  scanText: string;
  rules: KeyRules;
}

interface Fired extends FiredLore {
  candidate: Candidate;
}

function candidatesOf(input: ActivationInput): Candidate[] {
  const scanTexts = new Map<number, string>();
  const scan = (depth: number): string => {
    const d = Math.max(0, Math.floor(depth));
    let text = scanTexts.get(d);
    if (text === undefined) {
      text = d === 0 ? '' : input.messages.slice(-d).join('\n');
      scanTexts.set(d, text);
    }
    return text;
  };
  const memo = new Map<string, string>();
  return input.sources.flatMap((source, sourceIndex) =>
    source.entries.flatMap((entry, entryIndex): Candidate[] => {
      if (!entry.enabled || entry.content.trim() === '' || !passesChance(entry, source, input.seed)) return [];
      const depth = entry.scanDepth ?? source.scanDepth ?? input.scanDepth ?? DEFAULT_SCAN_DEPTH;
      const ref: LoreRef = source.book ? { book: source.book.name, entry: entryLabel(entry) } : { entry: entryLabel(entry) };
      return [
        {
          source,
          sourceIndex,
          entryIndex,
          entry,
          ref,
          text: personaText(entry.content, input.names),
          scanText: scan(depth),
          rules: { caseSensitive: entry.caseSensitive, wholeWords: entry.wholeWords === true, names: input.names, folded: memo },
        },
      ];
    }),
  );
}

/**
 * Every entry that fires for the messages, directly or by recursion, each once, without a
 * budget (in the order they fired).
 */
function fire(input: ActivationInput): Fired[] {
  const candidates = candidatesOf(input);
  const fired: Fired[] = [];
  const done = new Set<Candidate>();
  for (const c of candidates) {
    const trigger: LoreTrigger | undefined = c.entry.constant ? { kind: 'constant' } : keyTrigger(matchKeys(c.entry, c.scanText, c.rules));
    if (trigger) {
      fired.push({ ref: c.ref, entry: c.entry, trigger, step: 0, text: c.text, candidate: c });
      done.add(c);
    }
  }
  const maxSteps = Math.max(0, ...input.sources.map((s) => s.recursionSteps ?? DEFAULT_RECURSION_STEPS));
  for (let step = 1; step <= maxSteps; step++) {
    const parents = fired.filter((f) => !f.entry.preventRecursion);
    if (parents.length === 0) break;
    const buffer = parents.map((p) => p.text).join('\n');
    const added: Fired[] = [];
    for (const c of candidates) {
      if (done.has(c) || c.entry.excludeRecursion || step > (c.source.recursionSteps ?? DEFAULT_RECURSION_STEPS)) continue;
      const match = matchKeys(c.entry, `${c.scanText}\n${buffer}`, c.rules);
      if (!match) continue;
      const from =
        parents.find((p) => keyOccurs(match.key, p.text, c.rules)) ??
        parents.find((p) => match.secondary !== undefined && keyOccurs(match.secondary, p.text, c.rules));
      if (!from) continue;
      added.push({ ref: c.ref, entry: c.entry, trigger: { kind: 'recursion', ...match, from: from.ref }, step, text: c.text, candidate: c });
    }
    if (added.length === 0) break;
    for (const f of added) done.add(f.candidate);
    fired.push(...added);
  }
  return fired;
}

function keyTrigger(match: { key: string; secondary?: string } | undefined): LoreTrigger | undefined {
  return match ? { kind: 'key', ...match } : undefined;
}

/** The order in which the budget keeps entries: constant, priority, direct before recursion, insertion order. */
function byRank(a: Fired, b: Fired): number {
  return (
    Number(b.entry.constant) - Number(a.entry.constant) ||
    (b.entry.priority ?? 0) - (a.entry.priority ?? 0) ||
    a.step - b.step ||
    a.entry.insertionOrder - b.entry.insertionOrder ||
    a.candidate.sourceIndex - b.candidate.sourceIndex ||
    a.candidate.entryIndex - b.candidate.entryIndex
  );
}

/** Positions whose entries go into the history (at a depth, or around the author's note). */
function goesIntoHistory(position: LorePosition): boolean {
  return position === 'at-depth' || position === 'before-note' || position === 'after-note';
}

function strip(f: Fired): FiredLore {
  return { ref: f.ref, entry: f.entry, trigger: f.trigger, step: f.step, text: f.text };
}

/**
 * The lore of one turn: every entry that fires (see the module comment), ranked into the budget,
 * placed entries in insertion order, the others reported with why.
 */
export function activateLore(input: ActivationInput): LoreActivation {
  const ranked = fire(input).sort(byRank);
  const dedup = input.alreadySent === undefined ? undefined : new TextDedup(input.alreadySent);
  const bookLeft = new Map<LoreSource, number>();
  let left = Math.max(0, input.budget);
  const placed: PlacedLore[] = [];
  const rankOf = new Map<PlacedLore, number>();
  const leftOut: LeftOutLore[] = [];
  ranked.forEach((f, rank) => {
    const asked = f.entry.position ?? DEFAULT_POSITION;
    const move = input.keepSystemPromptStable === true && !f.entry.constant && (asked === 'before-character' || asked === 'after-character');
    const position: LorePosition = move ? 'at-depth' : asked;
    if (dedup && goesIntoHistory(position) && dedup.isDuplicate(f.text)) {
      leftOut.push({ ...strip(f), why: 'already-sent' });
      return;
    }
    const share = f.candidate.source.budgetPercent;
    const own = share === undefined ? Infinity : (bookLeft.get(f.candidate.source) ?? Math.floor((input.contextWindow * share) / 100));
    const room = Math.min(left, own);
    const whole = input.counter.count(f.text);
    let text = f.text;
    let tokens = whole;
    if (whole > room) {
      const cut = room >= TRIM_FROM ? cutToTokens(f.text, input.counter, room) : '';
      tokens = cut === '' ? Infinity : input.counter.count(cut);
      if (tokens > room) {
        leftOut.push({ ...strip(f), why: 'over-budget' });
        return;
      }
      text = cut;
    }
    left -= tokens;
    if (share !== undefined) bookLeft.set(f.candidate.source, own - tokens);
    const entry: PlacedLore = {
      ...strip(f),
      text,
      position,
      depth: move ? 0 : Math.max(0, Math.floor(f.entry.depth ?? DEFAULT_LORE_DEPTH)),
      tokens,
      ...(text === f.text ? {} : { trimmed: true as const }),
      ...(move ? { moved: asked } : {}),
    };
    placed.push(entry);
    rankOf.set(entry, rank);
  });
  placed.sort((a, b) => a.entry.insertionOrder - b.entry.insertionOrder || (rankOf.get(a) ?? 0) - (rankOf.get(b) ?? 0));
  return { placed, leftOut };
}
