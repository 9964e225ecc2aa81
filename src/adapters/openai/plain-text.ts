/**
 * Turns a server's error text into one short plain-text line for a message: HTML tags
 * dropped, control characters and runs of white space collapsed, cut to `max` characters.
 */
export function plainText(text: string, max: number): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    // Control characters are exactly what this removes.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}
