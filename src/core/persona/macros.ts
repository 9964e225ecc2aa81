/** Names substituted for the `{{char}}` and `{{user}}` macros. */
export interface MacroNames {
  char: string;
  user: string;
}

const MACRO = /\{\{\s*(char|user)\s*\}\}|<(BOT|USER)>/gi;

/**
 * Replaces `{{char}}` / `{{user}}` (any case, spaces inside the braces allowed) and the
 * legacy `<BOT>` / `<USER>` markers with the given names. Names are inserted literally
 * (a `$` in a name is not a replacement pattern). Other macros are left as they are.
 */
export function substituteMacros(text: string, names: MacroNames): string {
  return text.replace(MACRO, (_match, braced: string | undefined, legacy: string | undefined) => {
    const which = (braced ?? legacy ?? '').toLowerCase();
    return which === 'char' || which === 'bot' ? names.char : names.user;
  });
}

const ORIGINAL = /\{\{\s*original\s*\}\}/gi;

/**
 * Replaces every `{{original}}` (any case) in a card's `system_prompt` or
 * `post_history_instructions` with the app's own default text, inserted literally.
 */
export function substituteOriginal(text: string, original: string): string {
  return text.replace(ORIGINAL, () => original);
}
