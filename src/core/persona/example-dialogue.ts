/**
 * A card's example dialogue (`mes_example`) parsed once into scenes of turns.
 *
 * Cards write it as `<START>` blocks; inside, a turn starts with `{{user}}:` or `{{char}}:`
 * (also `<USER>:` / `<BOT>:`, any case, or the names themselves) and runs on over later lines
 * and paragraphs until the next speaker. Text before the first speaker of a block is kept as a
 * narration turn of the character. Macros are replaced in every turn; line endings are
 * normalised. The prompt writes the turns in the chat's reply form; retrieval may pick single
 * character turns instead (never both).
 */
import { cleanText } from './localized.ts';
import { substituteMacros, type MacroNames } from './macros.ts';

/** One turn of an example scene. */
export interface ExampleTurn {
  speaker: 'user' | 'char';
  text: string;
}

/** The turns of one `<START>` block. */
export type ExampleScene = ExampleTurn[];

const SCENE_BREAK = /^\s*<start>\s*$/i;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function speakerPattern(names: MacroNames): RegExp {
  const user = ['\\{\\{\\s*user\\s*\\}\\}', '<user>', escapeRegExp(names.user)];
  const char = ['\\{\\{\\s*char\\s*\\}\\}', '<bot>', escapeRegExp(names.char)];
  return new RegExp(`^\\s*(?:\\*\\*)?(?:(${user.join('|')})|(${char.join('|')}))(?:\\*\\*)?\\s*[:：]\\s?`, 'i');
}

/** Parses example dialogue into scenes; empty scenes and empty turns are dropped. */
export function parseExampleDialogue(dialogue: string, names: MacroNames): ExampleScene[] {
  const text = cleanText(dialogue);
  if (text === '') return [];
  const speaker = speakerPattern(names);
  const scenes: ExampleScene[] = [[]];
  let current: { speaker: ExampleTurn['speaker']; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const body = substituteMacros(
      current.lines
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
      names,
    );
    if (body !== '') scenes[scenes.length - 1]?.push({ speaker: current.speaker, text: body });
    current = null;
  };
  for (const line of text.split('\n')) {
    if (SCENE_BREAK.test(line)) {
      flush();
      scenes.push([]);
      continue;
    }
    const m = speaker.exec(line);
    if (m) {
      flush();
      current = { speaker: m[1] !== undefined ? 'user' : 'char', lines: [line.slice(m[0].length)] };
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() !== '') {
      current = { speaker: 'char', lines: [line] };
    }
  }
  flush();
  return scenes.filter((s) => s.length > 0);
}

/** The character's turns of the examples, each with the user turn it answered (for matching). */
export function characterTurns(scenes: readonly ExampleScene[]): { text: string; context?: string }[] {
  const out: { text: string; context?: string }[] = [];
  for (const scene of scenes) {
    scene.forEach((turn, i) => {
      if (turn.speaker !== 'char') return;
      const prev = scene[i - 1];
      out.push(prev && prev.speaker === 'user' ? { text: turn.text, context: prev.text } : { text: turn.text });
    });
  }
  return out;
}
