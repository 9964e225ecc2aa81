/**
 * Parses a persona's example dialogue (card `mes_example`) into the character's own lines:
 * `Name: "…"`, `Name：「…」`, `{{char}}: …`, with `<START>` separating scenes. A line without
 * a speaker continues the previous one. Each character line keeps the line before it (what
 * it answered) as context for matching.
 */

/** One line the character says in the sample dialogue. */
export interface SampleLine {
  /** Stable within one parse: `sample-<n>`. */
  id: string;
  /** The line as it should appear in a prompt, `{{char}}` replaced by the name. */
  text: string;
  /** The spoken part without speaker and quotes. */
  speech: string;
  /** The line before it in the same scene (usually the user's), if any. */
  context?: string;
}

const SPEAKER_LINE = /^\s*([^:：\n]{1,40}?)\s*[:：]\s*(.*)$/;
const QUOTED = /^\s*["“「『'](.*?)["”」』']?\s*$/s;
const SCENE_BREAK = /^\s*<start>\s*$/i;

interface RawLine {
  speaker: string;
  content: string;
  raw: string;
}

function isCharacter(speaker: string, name: string): boolean {
  const s = speaker.trim().toLowerCase();
  return s === '{{char}}' || s === name.trim().toLowerCase();
}

/** Splits dialogue text into scenes of speaker lines. */
function scenes(dialogue: string): RawLine[][] {
  const out: RawLine[][] = [[]];
  for (const line of dialogue.split(/\r?\n/)) {
    if (SCENE_BREAK.test(line)) {
      out.push([]);
      continue;
    }
    const scene = out[out.length - 1]!;
    const m = SPEAKER_LINE.exec(line);
    const last = scene[scene.length - 1];
    if (m && m[2]!.trim() !== '') scene.push({ speaker: m[1]!, content: m[2]!.trim(), raw: line.trim() });
    else if (line.trim() !== '' && last) {
      last.content += `\n${line.trim()}`;
      last.raw += `\n${line.trim()}`;
    }
  }
  return out.filter((s) => s.length > 0);
}

/** Replaces `{{char}}`/`{{user}}` (any case) by the names. */
function expandNames(text: string, characterName: string, userName: string): string {
  return text.replace(/\{\{char\}\}/gi, characterName).replace(/\{\{user\}\}/gi, userName);
}

/** The character's lines of a sample dialogue, in order. */
export function parseSampleLines(dialogue: string, characterName: string, userName = '{{user}}'): SampleLine[] {
  const lines: SampleLine[] = [];
  for (const scene of scenes(dialogue)) {
    scene.forEach((line, i) => {
      if (!isCharacter(line.speaker, characterName)) return;
      const prev = i > 0 ? scene[i - 1] : undefined;
      const speech = QUOTED.exec(line.content)?.[1] ?? line.content;
      lines.push({
        id: `sample-${lines.length}`,
        text: expandNames(line.raw, characterName, userName),
        speech: expandNames(speech, characterName, userName),
        context: prev ? expandNames(prev.raw, characterName, userName) : undefined,
      });
    });
  }
  return lines;
}
