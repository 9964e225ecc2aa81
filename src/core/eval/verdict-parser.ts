import { judgeLines } from './judge-text.ts';

/** A pairwise judge's verdict as written, in the order the conversations were shown. */
export type Verdict = 'A' | 'B' | 'tie';

const LABEL = /(?:\bverdict|\bwinner|\bfinal answer|结论|判定|胜者|裁决)\s*(?:is|:|=|为|是)?\s*(.*)$/i;
const TIE = /^(?:tie|draw|equal|neither|both|平局|平手|相当|一样|不分)/i;
const SHOWN_NAME = /^[[(]*\s*(?:response|conversation|answer|reply|assistant|回答|对话)?\s*/i;
const LETTER = /^([AB])(?![A-Za-z])/;
const PHRASE = /(?:response|conversation|answer|reply|回答|对话)?\s*([AB])\s*(?:is|was)?\s*(?:better|stronger|the winner|更好|更佳|胜)/i;

function fromRest(rest: string): Verdict | null {
  const s = rest.replace(SHOWN_NAME, '');
  const both = /\bA\b/.test(s) && /\bB\b/.test(s);
  if (TIE.test(s) || (both && /\b(tie|equal|equally|same)\b|平局|相当|一样/i.test(s))) return 'tie';
  if (both) return null;
  const letter = LETTER.exec(s)?.[1];
  return letter === 'A' || letter === 'B' ? letter : null;
}

/**
 * Reads a pairwise verdict: the last "Verdict: A|B|tie" line (also "Winner: Conversation B",
 * "**Verdict:** tie", "结论：平局"), else a last line that is only "A", "B", "tie" or
 * "Response A is better". Returns null when unparseable; never guesses.
 */
export function parseVerdict(text: string): Verdict | null {
  const lines = judgeLines(text);
  for (let i = lines.length - 1; i >= 0; i--) {
    const rest = LABEL.exec(lines[i] ?? '')?.[1];
    if (rest !== undefined && rest.trim() !== '') return fromRest(rest.trim());
  }
  const last = (lines.at(-1) ?? '').replace(/[\]).]+$/, '');
  if (last.replace(SHOWN_NAME, '').length <= 4) return fromRest(last);
  const phrase = PHRASE.exec(last)?.[1];
  return phrase === 'A' || phrase === 'B' ? phrase : null;
}
