import type { Chat } from './chat.ts';
import type { ChatId, MessageId } from './ids.ts';
import type { Message, MessageRole } from './message.ts';

/**
 * Finding text in chats: over the stored messages (not the page, which holds only the messages
 * near the screen), by substring, so Chinese and Japanese need no word breaks. Text and query are
 * folded the same way first: NFKC (full-width letters, digits and punctuation become their
 * half-width forms, ligatures are split) and lower case, so Latin is found in any case.
 */

/** A chat and its messages, in order, as a search reads them. */
export interface SearchableChat {
  chat: Chat;
  messages: readonly Message[];
}

/** A span of a text, in UTF-16 code units: `text.slice(start, end)`. */
export interface TextRange {
  start: number;
  end: number;
}

/** One message that contains the query: its first match with a few words around it. */
export interface SearchHit {
  chatId: ChatId;
  messageId: MessageId;
  seq: number;
  role: MessageRole;
  createdAt: number;
  /** Where the first match is in the message's text. */
  range: TextRange;
  /** The context: text before the match (cut at a word, `…` when cut), the match as written, text after. */
  before: string;
  match: string;
  after: string;
  /** How many times the query occurs in the message. */
  count: number;
}

/** What a search found. */
export interface SearchResults {
  query: string;
  /** The messages found, in the order of the chats given and of their messages, at most `limit`. */
  hits: SearchHit[];
  /** Every message that contains the query (may exceed `hits.length`). */
  total: number;
  /** Messages read. */
  searched: number;
}

/** Most hits a search lists (the total is still counted). */
export const MAX_SEARCH_HITS = 200;

/** Characters of context shown on each side of a match, before cutting at a word. */
const CONTEXT_CHARS = 36;

/** A text folded for searching, with the map back to the original when lengths differ. */
export interface FoldedText {
  folded: string;
  /** `original index = map[folded index]` (one more entry: the original's length); absent when the fold kept every position. */
  map?: Int32Array;
}

/** True when every character of `text` is ASCII (folding is then just lower case). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Folds `text` for searching: NFKC and lower case. When that changes the length (a ligature, `…`
 * becoming `...`, `İ`), each code point is folded alone so every folded position maps back.
 */
export function foldText(text: string): FoldedText {
  if (isAscii(text)) return { folded: text.toLowerCase() };
  const whole = text.normalize('NFKC').toLowerCase();
  if (whole.length === text.length) return { folded: whole };
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i) as number;
    const width = code > 0xffff ? 2 : 1;
    const part =
      code < 0x80
        ? String.fromCharCode(code).toLowerCase()
        : text
            .slice(i, i + width)
            .normalize('NFKC')
            .toLowerCase();
    for (let k = 0; k < part.length; k++) map.push(i);
    folded += part;
    i += width;
  }
  map.push(text.length);
  return { folded, map: Int32Array.from(map) };
}

/** The query as searched: folded, with surrounding white space removed; '' finds nothing. */
export function foldQuery(query: string): string {
  return foldText(query.trim()).folded;
}

function originalRange(folded: FoldedText, start: number, length: number): TextRange {
  if (!folded.map) return { start, end: start + length };
  const from = folded.map[start] as number;
  // The end maps to where the code point after the last folded unit begins.
  let end = folded.map[start + length] as number;
  if (end <= from) end = from + 1;
  return { start: from, end };
}

/** Every match of the folded `needle` in `folded`, as ranges of the original text (non-overlapping, in order). */
function rangesIn(folded: FoldedText, needle: string, limit = Infinity): TextRange[] {
  const ranges: TextRange[] = [];
  if (needle === '') return ranges;
  for (let at = folded.folded.indexOf(needle); at >= 0 && ranges.length < limit; at = folded.folded.indexOf(needle, at + needle.length)) {
    ranges.push(originalRange(folded, at, needle.length));
  }
  return ranges;
}

/** Where `query` occurs in `text` (folded the same way), as ranges of `text`: for highlighting. */
export function matchRanges(text: string, query: string): TextRange[] {
  return rangesIn(foldText(text), foldQuery(query));
}

/** True when the code unit at `i` is the second half of a surrogate pair (a cut there would split a character). */
function insidePair(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Up to {@link CONTEXT_CHARS} characters before `end`, cut after a space when one is near the cut, `…` when cut. */
function contextBefore(text: string, end: number): string {
  let start = Math.max(0, end - CONTEXT_CHARS);
  if (start > 0) {
    const space = text.slice(start, end).search(/\s/);
    if (space >= 0 && space < CONTEXT_CHARS / 2) start += space + 1;
    else if (insidePair(text, start)) start++;
  }
  const part = text.slice(start, end).replace(/\s+/g, ' ');
  return start > 0 ? `…${part.trimStart()}` : part;
}

/** Up to {@link CONTEXT_CHARS} characters after `start`, cut before a space when one is near the cut, `…` when cut. */
function contextAfter(text: string, start: number): string {
  let end = Math.min(text.length, start + CONTEXT_CHARS);
  if (end < text.length) {
    const tail = text.slice(start, end);
    const space = tail.search(/\s\S*$/);
    if (space >= CONTEXT_CHARS / 2) end = start + space;
    else if (insidePair(text, end)) end++;
  }
  const part = text.slice(start, end).replace(/\s+/g, ' ');
  return end < text.length ? `${part.trimEnd()}…` : part;
}

/** Folded texts kept per message object (messages are replaced, never changed in place), so a second search reads no text twice. */
export class SearchIndex {
  #folded = new WeakMap<Message, FoldedText>();

  fold(message: Message): FoldedText {
    let folded = this.#folded.get(message);
    if (!folded) {
      folded = foldText(message.text);
      this.#folded.set(message, folded);
    }
    return folded;
  }
}

/**
 * Finds `query` in the messages of `chats` (their shown text; substring, folded): one hit per
 * message with its first match in context and how often it occurs, at most `limit` hits listed.
 */
export function searchChats(chats: readonly SearchableChat[], query: string, options: { index?: SearchIndex; limit?: number } = {}): SearchResults {
  const needle = foldQuery(query);
  const limit = options.limit ?? MAX_SEARCH_HITS;
  const index = options.index ?? new SearchIndex();
  const results: SearchResults = { query: query.trim(), hits: [], total: 0, searched: 0 };
  if (needle === '') return results;
  for (const { chat, messages } of chats) {
    for (const message of messages) {
      results.searched++;
      const folded = index.fold(message);
      if (!folded.folded.includes(needle)) continue;
      results.total++;
      if (results.hits.length >= limit) continue;
      const ranges = rangesIn(folded, needle);
      const range = ranges[0] as TextRange;
      const text = message.text;
      results.hits.push({
        chatId: chat.id,
        messageId: message.id,
        seq: message.seq,
        role: message.role,
        createdAt: message.createdAt,
        range,
        before: contextBefore(text, range.start),
        match: text.slice(range.start, range.end).replace(/\s+/g, ' '),
        after: contextAfter(text, range.end),
        count: ranges.length,
      });
    }
  }
  return results;
}
