/**
 * The character's own lines in prose (a novel chapter, a wiki page, a written-out experience):
 * dialogue lines `Name: …` (`Name：…`), and quoted speech (“…”, "…", 「…」, 『…』) attributed to
 * the character. A quote is the character's when the clause right after it names the character
 * first (`"…," said Harry.`, `“……”黛玉笑道。`), or, when nothing after it names a speaker, the
 * clause right before it does (`Harry said, "…"`, `林黛玉道：“……”`, `Harry smiled. "…"`). "Names
 * first" means the clause starts with the name, or (spaced scripts) the name is its first
 * capitalised word, so `Ron said to Harry, "…"` is Ron's, not Harry's. A heuristic: pronouns
 * (`he said`) are not followed, and a line it cannot place is left out rather than guessed.
 */

/** A line the character says, with the prose around it (for matching only). */
export interface CharacterLine {
  /** The words spoken, without quotes or speaker. */
  text: string;
  /** The sentences around the line (the quote itself left out), or the line before a dialogue line. */
  context: string;
  /** Where the line starts in the text (its opening quote, or the start of its dialogue line). */
  at: number;
}

/** Opening quote → closing quote. */
const QUOTES: Readonly<Record<string, string>> = { '“': '”', '「': '」', '『': '』', '"': '"' };
/** Characters of context kept on each side of a quote. */
const CONTEXT_CHARS = 160;
/** Longest line kept, in characters (a longer quote is a letter or a speech, not a way of talking). */
const MAX_LINE_CHARS = 400;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const TERMINAL = /[.!?。！？…]/u;
/** Ends like the words that introduce a quote: `Harry said,` / `黛玉道：`. */
const INTRO = /[:：,，]\s*$/u;
const LEADING = /^[\s,，.。:：;；!?！？…—–\-"“”「」『』'‘’()（）]+/u;

/** Particles of Western names that are not names on their own. */
const PARTICLES = new Set(['van', 'von', 'der', 'de', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'al', 'bin', 'ibn', 'the', 'of']);

/**
 * The ways prose may name a character: the full name, each capitalised part of a spaced name
 * (three letters or more, particles left out: "Ludwig van Beethoven" → Ludwig, Beethoven), and
 * the given name of a three- or four-character Chinese name (林黛玉 → 黛玉). Longest first.
 */
export function nameVariants(name: string): string[] {
  const full = name.trim().replace(/\s+/g, ' ');
  if (full === '') return [];
  const out = new Set([full]);
  if (CJK.test(full) && !full.includes(' ')) {
    if (full.length === 3 || full.length === 4) out.add(full.slice(-2));
  } else {
    for (const part of full.split(' ')) {
      if ([...part].length >= 3 && !PARTICLES.has(part.toLowerCase()) && /^\p{Lu}/u.test(part)) out.add(part);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** The clause a quote's attribution is read from: the text after it up to its first sentence end. */
function firstClause(text: string): string {
  const m = TERMINAL.exec(text);
  return m ? text.slice(0, m.index + 1) : text;
}

/** The clause before a quote: the last sentence of `text` (the one before, when `text` ends a sentence). */
function lastClause(text: string): string {
  const trimmed = text.replace(/[\s"“”「」『』]+$/u, '');
  let end = trimmed.length;
  while (end > 0 && TERMINAL.test(trimmed[end - 1]!)) end--;
  for (let i = end - 1; i >= 0; i--) {
    if (TERMINAL.test(trimmed[i]!)) return trimmed.slice(i + 1);
  }
  return trimmed;
}

/** True when `rest` (the text after a name) does not go on with the same word: `Harry,` or `黛玉笑`, not `Harrying`. */
function endsWord(rest: string): boolean {
  const first = rest[0];
  return first === undefined || !/[\p{L}\p{N}]/u.test(first) || CJK.test(first);
}

/** True when `clause` names the character first (see the module comment). */
function namesFirst(clause: string, names: readonly string[]): boolean {
  const start = clause.replace(LEADING, '');
  if (start === '') return false;
  if (names.some((n) => start.startsWith(n) && endsWord(start.slice(n.length)))) return true;
  const capital = /(?<![\p{L}\p{N}'’])\p{Lu}/u.exec(start);
  if (!capital) return false;
  const rest = start.slice(capital.index);
  return names.some((n) => rest.startsWith(n) && endsWord(rest.slice(n.length)));
}

/** Words that make a clause after a quote its attribution (`said Ron`, `黛玉笑道`), not the next action. */
const SPEECH =
  /\b(?:said|says|asked|asks|replied|answered|shouted|whispered|cried|called|muttered|murmured|added|continued|exclaimed|snapped|laughed|sighed|told|yelled|admitted|insisted|demanded|repeated|agreed|growled|hissed|began)\b|[道说問问答喊叫嚷叹]/u;
/** Pronouns a Chinese attribution may start with (`他笑道`): no speaker named. */
const CJK_PRONOUN = /^[他她它我你您]/u;

/**
 * True when the quote `inner`, between `before` (the text since the previous quote on its line)
 * and `after` (up to the next quote on its line), is the character's: a clause introducing it
 * (`Harry said,` / `黛玉道：`) decides; else an attribution after it (`said Harry.`, `Ron said to
 * Harry.`, `黛玉冷笑道。`) decides when it names a speaker; else (no attribution, or only a
 * pronoun: `he said`) the sentence before it does (`Harry shrugged. "…"`).
 */
function spokenBy(before: string, inner: string, after: string, names: readonly string[]): boolean {
  if (INTRO.test(before)) return namesFirst(lastClause(before), names);
  const next = firstClause(after).replace(LEADING, '');
  const attribution = /\p{L}/u.test(next) && (SPEECH.test(next) || /^\p{Ll}/u.test(next) || /[,，]$/u.test(inner));
  if (attribution) {
    if (namesFirst(next, names)) return true;
    const named = /(?<![\p{L}\p{N}'’])\p{Lu}/u.test(next) || (/^\p{Script=Han}/u.test(next) && !CJK_PRONOUN.test(next));
    if (named) return false;
  }
  return namesFirst(lastClause(before), names);
}

/** A quote cut off by its attribution ends in a full stop, not the comma: `"Come here," he said` → `Come here.`. */
function endSentence(text: string): string {
  if (text.endsWith(',')) return `${text.slice(0, -1)}.`;
  if (text.endsWith('，')) return `${text.slice(0, -1)}。`;
  return text;
}

/** True for a line worth keeping as an example: a few letters, not a page. */
function worthKeeping(text: string): boolean {
  if (text.length > MAX_LINE_CHARS) return false;
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return CJK.test(text) ? letters >= 2 : letters >= 4;
}

/** Every quote in `text` that closes before the paragraph ends: its span and its words. */
function quotesIn(text: string): Array<{ start: number; end: number; inner: string }> {
  const out: Array<{ start: number; end: number; inner: string }> = [];
  let i = 0;
  while (i < text.length) {
    const close = QUOTES[text[i]!];
    if (close === undefined) {
      i++;
      continue;
    }
    const end = text.indexOf(close, i + 1);
    const paragraph = text.indexOf('\n\n', i + 1);
    if (end < 0 || (paragraph >= 0 && paragraph < end)) {
      i++;
      continue;
    }
    out.push({ start: i, end: end + 1, inner: text.slice(i + 1, end) });
    i = end + 1;
  }
  return out;
}

/** Escapes a string for use inside a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The words of a dialogue line, without the quotes that wrap all of it. */
function unwrap(speech: string): string {
  const s = speech.trim();
  const close = QUOTES[s[0] ?? ''];
  return close !== undefined && s.length > 1 && s.endsWith(close) && s.indexOf(close, 1) === s.length - 1 ? s.slice(1, -1).trim() : s;
}

/**
 * The character's lines in `text`, in order of appearance, each once (by its words). `names`:
 * the ways the text names the character (see {@link nameVariants}).
 */
export function characterLines(text: string, names: readonly string[]): CharacterLine[] {
  const variants = [...new Set(names.map((n) => n.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (variants.length === 0 || text.trim() === '') return [];
  const found: CharacterLine[] = [];
  const dialogueSpans: Array<[number, number]> = [];
  const speaker = new RegExp(`^[ \\t]*(?:${variants.map(escapeRegExp).join('|')})[ \\t]*[:：][ \\t]*(.+)$`, 'gmu');
  for (const m of text.matchAll(speaker)) {
    const at = m.index ?? 0;
    dialogueSpans.push([at, at + m[0].length]);
    const before = text.slice(0, at).trimEnd();
    const context = before.slice(before.lastIndexOf('\n') + 1).trim();
    found.push({ text: unwrap(m[1] ?? ''), context, at });
  }
  const quotes = quotesIn(text);
  quotes.forEach((q, i) => {
    if (dialogueSpans.some(([from, to]) => q.start >= from && q.start < to)) return;
    const lineStart = text.lastIndexOf('\n', q.start - 1) + 1;
    const lineEnd = text.indexOf('\n', q.end);
    const before = text.slice(Math.max(lineStart, quotes[i - 1]?.end ?? 0), q.start);
    const after = text.slice(q.end, Math.min(quotes[i + 1]?.start ?? text.length, lineEnd < 0 ? text.length : lineEnd));
    if (!spokenBy(before, q.inner.trim(), after, variants)) return;
    const context = `${text.slice(Math.max(0, q.start - CONTEXT_CHARS), q.start)} ${text.slice(q.end, q.end + CONTEXT_CHARS)}`.replace(/\s+/g, ' ').trim();
    found.push({ text: endSentence(q.inner.replace(/\s+/g, ' ').trim()), context, at: q.start });
  });
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .filter((l) => {
      const key = l.text.toLowerCase();
      if (!worthKeeping(l.text) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
