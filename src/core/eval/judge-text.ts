/**
 * Prepares a judge's output for parsing: drops `<think>` blocks (an unclosed one hides
 * everything after it), folds full-width forms (NFKC: "：" → ":", "４" → "4"), removes
 * markdown emphasis, headings and quote marks, and returns the non-empty trimmed lines.
 */
export function judgeLines(text: string): string[] {
  const visible = text.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '');
  return visible
    .normalize('NFKC')
    .split(/\r?\n/)
    .map((line) => line.replace(/[*_`#>]/g, '').trim())
    .filter((line) => line !== '');
}
