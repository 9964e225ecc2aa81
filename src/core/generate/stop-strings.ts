import { isQwen3 } from './model-family.ts';
import type { LayoutId, Speakers } from './prompt-layout.ts';
import { quoteStyleFor } from './quote-style.ts';

const COLONS = [':', '：'];

function speakerLineStarts(speaker: string): string[] {
  return COLONS.map((c) => `\n${speaker}${c}`);
}

/**
 * Stop strings for a character reply. The engine cuts its output before any of them.
 *
 * - `single`: the prompt ends in `Name: "`, so the closing quote (`"` / `」`) ends the reply;
 *   a new line by the user (`\nMe:`, `\n<userName>:`) or by the character (`\nName:`) also stops it.
 * - `chat`: the model writes `Name: "` itself, so the opening mark must not stop it, and the
 *   closing quote is left in the output so the stored reply is a well-formed line that later
 *   turns resend verbatim; the model ends with end-of-turn. Only runaway lines are stopped:
 *   the user's line always; the character's second line as `\nName:` except for Qwen3, whose
 *   streamed output starts with `<think>\n\n</think>\n\n` just before `Name:` (WebLLM matches stop
 *   strings against that text too), so there only a closed line followed by a new one stops it.
 * Both colon forms (`:` and `：`) are listed. Order is stable; duplicates are removed.
 */
export function stopStrings(layout: LayoutId, s: Speakers, modelId: string): string[] {
  const close = quoteStyleFor(s.language).close;
  const users = s.userName === 'Me' ? ['Me'] : [s.userName, 'Me'];
  const userStops = users.flatMap(speakerLineStarts);
  let own: string[];
  if (layout === 'single') own = [close, ...speakerLineStarts(s.name)];
  else if (isQwen3(modelId)) own = ['\n', '\n\n'].flatMap((gap) => COLONS.map((c) => `${close}${gap}${s.name}${c}`));
  else own = speakerLineStarts(s.name);
  return [...new Set([...own, ...userStops])];
}
