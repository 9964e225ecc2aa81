/**
 * Recovers a JSON value from a small model's answer: drops `<think>` blocks and code fences,
 * starts at the first `{` or `[`, and when the answer was cut off (token limit) closes the
 * open strings, arrays and objects after the last complete value.
 */

/** Parses JSON, or returns undefined for a syntax error. */
function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Appends the closers that the unbalanced brackets of `prefix` need. */
export function closeJson(prefix: string): string {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (const ch of prefix) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') stack.pop();
  }
  return prefix + (inString ? '"' : '') + stack.reverse().join('');
}

/** The JSON value in a model answer, salvaging a truncated one; undefined when there is none. */
export function salvageJson(answer: string): unknown {
  const text = answer.replace(/<think>[\s\S]*?(<\/think>|$)/g, '').replace(/```(?:json)?/gi, '');
  const start = text.search(/[{[]/);
  if (start < 0) return undefined;
  const body = text.slice(start).trim();
  const whole = parseOrUndefined(body);
  if (whole !== undefined) return whole;
  const lastClose = Math.max(body.lastIndexOf('}'), body.lastIndexOf(']'));
  const trimmed = lastClose >= 0 ? parseOrUndefined(body.slice(0, lastClose + 1)) : undefined;
  if (trimmed !== undefined) return trimmed;
  let tries = 0;
  for (let at = body.lastIndexOf('}'); at > 0 && tries < 50; at = body.lastIndexOf('}', at - 1), tries++) {
    const value = parseOrUndefined(closeJson(body.slice(0, at + 1)));
    if (value !== undefined) return value;
  }
  return undefined;
}
