import type { PersonaLanguage } from '../persona/index.ts';
import { clip, cleanList, renderSceneSummary, SUMMARY_LABELS, type SceneSummary } from './scene-summary.ts';
import type { SourceLine } from './summary-request.ts';

/** Names and numbers of the source that the summary does not mention. */
export interface MissingDetails {
  names: string[];
  numbers: string[];
}

/** Words that start with a capital letter but are not names. */
const NOT_NAMES = new Set(['I', "I'm", "I'll", "I've", "I'd", 'OK', 'Okay', 'Mr', 'Mrs', 'Ms', 'Dr', 'Oh', 'Hey', 'Hi']);
const SENTENCE_START = /(^|[.!?。！？"“”「」『』(（*…:：\n])\s*$/;

/**
 * Deterministic check that a summary kept the details small models tend to drop:
 * every number (digits, with `.:/-` inside, full-width digits included) and every name of
 * the source must appear in the summary. Names are the caller's `knownNames` found in the
 * source (works for Chinese) plus, for English, capitalized words that are not at a sentence
 * start and never appear in lower case. Speakers are not checked (code sets them).
 */
export function findMissingDetails(source: readonly SourceLine[], summary: SceneSummary, knownNames: readonly string[] = []): MissingDetails {
  const text = source.map((l) => normalize(l.text)).join('\n');
  const rendered = normalize(renderSceneSummary(summary, 'en')).toLowerCase();
  const speakers = new Set(summary.speakers.map((s) => s.toLowerCase()));
  const numbers = unique(text.match(/\d+(?:[.:/-]\d+)*/g) ?? []).filter((n) => !containsNumber(rendered, n));
  const lowerText = text.toLowerCase();
  const known = knownNames.map((n) => n.trim()).filter((n) => [...n].length >= 2 && mentions(lowerText, n));
  const names = unique([...known, ...capitalizedNames(text)]).filter((n) => !speakers.has(n.toLowerCase()) && !mentions(rendered, n));
  return { names: unique(names), numbers };
}

/**
 * Returns a summary that no longer drops what {@link findMissingDetails} found: each missing
 * name and number is added to `names` / `numbers`, and the source sentence holding it is
 * appended to `facts` verbatim (as `Speaker: "…"`), at most `maxSnippets` sentences.
 */
export function repairSummary(
  summary: SceneSummary,
  missing: MissingDetails,
  source: readonly SourceLine[],
  language: PersonaLanguage,
  maxSnippets = 6,
): SceneSummary {
  const facts = [...summary.facts];
  let added = 0;
  for (const item of [...missing.names, ...missing.numbers]) {
    if (added >= maxSnippets) break;
    const fact = snippetFor(item, source, language);
    if (fact && !facts.includes(fact)) {
      facts.push(fact);
      added += 1;
    }
  }
  return {
    ...summary,
    facts,
    names: cleanList([...summary.names, ...missing.names], Number.MAX_SAFE_INTEGER, 240),
    numbers: cleanList([...summary.numbers, ...missing.numbers], Number.MAX_SAFE_INTEGER, 240),
  };
}

function snippetFor(item: string, source: readonly SourceLine[], language: PersonaLanguage): string | null {
  for (const line of source) {
    const sentence = sentencesOf(line).find((s) => (/^\d/.test(item) ? containsNumber(s, item) : s.toLowerCase().includes(item.toLowerCase())));
    if (!sentence) continue;
    const quoted = clip(sentence.trim(), 120);
    if (!line.speaker) return quoted;
    return language === 'zh' ? `${line.speaker}：「${quoted}」` : `${line.speaker}: "${quoted}"`;
  }
  return null;
}

/**
 * The sentences of a source line. A summary being merged (no speaker) is read by its labelled
 * lines: only its facts and promises, each item on its own, without the label (its names and
 * numbers are lists, not sentences, and a fact quoted with its label would read "Facts: Facts: …").
 */
function sentencesOf(line: SourceLine): string[] {
  const text = normalize(line.text);
  if (line.speaker) return text.split(/(?<=[.!?])\s+|(?<=[。！？])|\n+/);
  const kept = new Set<string>(Object.values(SUMMARY_LABELS).flatMap((l) => [l.facts, l.promises]));
  const labelled = new Set<string>(Object.values(SUMMARY_LABELS).flatMap((l) => Object.values(l)));
  return text.split('\n').flatMap((row) => {
    const match = /^\s*([^:：]{1,20})[:：]\s*(.*)$/.exec(row);
    if (!match || !labelled.has(match[1]!.trim())) return row.split(/(?<=[.!?])\s+|(?<=[。！？])/);
    return kept.has(match[1]!.trim()) ? match[2]!.split(/；|;\s+/) : [];
  });
}

/** NFKC (full-width digits and letters to ASCII) and thousands separators removed. */
function normalize(text: string): string {
  return text.normalize('NFKC').replace(/(?<=\d),(?=\d{3}\b)/g, '');
}

function containsNumber(haystack: string, number: string): boolean {
  const escaped = number.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${escaped}(?![\\d]|\\.\\d)`).test(haystack);
}

/** Case-insensitive; ASCII names must match as whole words ("Tom" is not in "tomorrow"). */
function mentions(lowerText: string, name: string): boolean {
  const lower = name.toLowerCase();
  if (!/^[\x20-\x7e]+$/.test(lower)) return lowerText.includes(lower);
  const escaped = lower.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`).test(lowerText);
}

function capitalizedNames(text: string): string[] {
  const lower = new Set((text.match(/\b[a-z][a-z'’-]*\b/g) ?? []).map((w) => w));
  const out: string[] = [];
  for (const match of text.matchAll(/\b[A-Z][a-z]+(?:['’-][A-Za-z]+)*\b/g)) {
    const word = match[0];
    if (NOT_NAMES.has(word) || lower.has(word.toLowerCase())) continue;
    if (SENTENCE_START.test(text.slice(Math.max(0, match.index - 4), match.index))) continue;
    out.push(word);
  }
  return out;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
