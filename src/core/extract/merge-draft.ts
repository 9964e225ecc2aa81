import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { isRecord, jsonObjectAnswer } from '../llm-output.ts';
import { clip } from '../summarize/scene-summary.ts';
import { DRAFT_LIMITS, DRAFT_LIST_FIELDS, DRAFT_TEXT_FIELDS, listLimit, type DraftListField, type PersonaDraft } from './persona-draft.ts';

/** A merged draft and how many list items did not fit their limit. */
export interface DraftMerge {
  draft: PersonaDraft;
  droppedItems: number;
}

const KNOWN_KEYS = new Set<string>([...DRAFT_TEXT_FIELDS, ...DRAFT_LIST_FIELDS, 'knowledgeBoundary']);

/**
 * Parses a model's updated draft (JSON, possibly fenced or in prose) and merges it into the
 * previous one so nothing already extracted is lost: see {@link mergeDraft}.
 * @throws ValidationError `empty` / `bad-json` (no JSON object) or `wrong-type` (no draft field).
 */
export function parseDraftReply(previous: PersonaDraft, reply: string): DraftMerge {
  return mergeDraft(previous, jsonObjectAnswer(reply));
}

/**
 * Merges an updated draft object into the previous draft, defensively. Text fields: the new
 * non-empty value wins, an empty or missing one keeps the old. Lists: the new items first,
 * then every old item the new list does not already contain (relationships also match on the
 * name before ":"), cleaned, de-duplicated and capped (the overflow is counted). A draft
 * wrapped in one extra object (`{"draft": {…}}`) is unwrapped.
 * @throws ValidationError `wrong-type` when the object has none of the draft's fields.
 */
export function mergeDraft(previous: PersonaDraft, reply: Record<string, unknown>): DraftMerge {
  const update = unwrap(reply);
  if (!update) {
    throw new ValidationError('wrong-type', msg('extract.error.notProfile'));
  }
  let droppedItems = 0;
  const draft: PersonaDraft = { ...previous, knowledgeBoundary: { ...previous.knowledgeBoundary } };
  for (const field of DRAFT_TEXT_FIELDS) {
    const max = field === 'name' ? DRAFT_LIMITS.nameChars : DRAFT_LIMITS.textChars;
    draft[field] = readText(update[field], max) || previous[field];
  }
  for (const field of DRAFT_LIST_FIELDS) {
    const merged = mergeList(previous[field], readList(update[field]), field);
    draft[field] = merged.items;
    droppedItems += merged.dropped;
  }
  const boundary = isRecord(update.knowledgeBoundary) ? update.knowledgeBoundary : {};
  draft.knowledgeBoundary.era = readText(boundary.era, DRAFT_LIMITS.textChars) || previous.knowledgeBoundary.era;
  draft.knowledgeBoundary.knows = readText(boundary.knows, DRAFT_LIMITS.textChars) || previous.knowledgeBoundary.knows;
  const cannot = mergeList(previous.knowledgeBoundary.cannotKnow, readList(boundary.cannotKnow), 'cannotKnow');
  draft.knowledgeBoundary.cannotKnow = cannot.items;
  return { draft, droppedItems: droppedItems + cannot.dropped };
}

function unwrap(reply: Record<string, unknown>): Record<string, unknown> | null {
  if (Object.keys(reply).some((k) => KNOWN_KEYS.has(k))) return reply;
  const inner = Object.values(reply).filter(isRecord);
  const only = inner.length === 1 ? inner[0] : undefined;
  return only && Object.keys(only).some((k) => KNOWN_KEYS.has(k)) ? only : null;
}

function readText(value: unknown, maxChars: number): string {
  if (typeof value !== 'string') return '';
  return clip(
    value
      .replace(/[ \t]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim(),
    maxChars,
  );
}

function readList(value: unknown): string[] {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return items.filter((v): v is string => typeof v === 'string').map((v) => readText(v.replace(/\s+/g, ' '), DRAFT_LIMITS.itemChars));
}

function mergeList(previous: readonly string[], next: readonly string[], field: DraftListField | 'cannotKnow') {
  const keyed = field === 'relationships';
  const kept = previous.filter((old) => !next.some((item) => covers(item, old, keyed)));
  const all: string[] = [];
  const seen = new Set<string>();
  for (const item of [...next, ...kept]) {
    const key = norm(item);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    all.push(item);
  }
  const limit = listLimit(field);
  return { items: all.slice(0, limit), dropped: Math.max(0, all.length - limit) };
}

/** True when `item` already says what `old` said (contains it, or same name before ":"). */
function covers(item: string, old: string, keyed: boolean): boolean {
  const key = norm(old);
  if (!key || norm(item).includes(key)) return true;
  if (!keyed) return false;
  const head = headOf(old);
  return head !== '' && head === headOf(item);
}

function headOf(item: string): string {
  const match = /^(.{1,40}?)\s*(?:[:：—–]|\s-\s)/.exec(item);
  return match ? norm(match[1] ?? '') : '';
}

function norm(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}
