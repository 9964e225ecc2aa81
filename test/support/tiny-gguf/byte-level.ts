/**
 * Test tool: the byte-level alphabet of GPT-2-style BPE vocabularies (llama.cpp's `gpt2`
 * tokenizer model). Every byte maps to one printable code point: bytes that are printable
 * Latin-1 characters stay themselves, the others (controls, space, 0x7F–0xA0, 0xAD) are
 * numbered from U+0100 upwards, so a space becomes `Ġ` and a newline `Ċ`. Vocabulary entries
 * are stored in this form, and llama.cpp decodes generated tokens back through it.
 */

function isKept(byte: number): boolean {
  return (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
}

const BYTE_TO_CHAR: readonly string[] = (() => {
  const table: string[] = [];
  let next = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCodePoint(isKept(b) ? b : 256 + next++);
  }
  return table;
})();

const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((ch, b) => [ch, b]));

/** Encodes text (as UTF-8 bytes) into the byte-level alphabet, e.g. `" Hi\n"` → `"ĠHiĊ"`. */
export function toByteLevel(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => BYTE_TO_CHAR[b] as string).join('');
}

/**
 * Decodes a byte-level string back to text.
 * @throws Error on a character outside the alphabet or bytes that are not valid UTF-8.
 */
export function fromByteLevel(encoded: string): string {
  const bytes = Array.from(encoded, (ch) => {
    const b = CHAR_TO_BYTE.get(ch);
    if (b === undefined) throw new Error(`Character ${JSON.stringify(ch)} is not in the byte-level alphabet`);
    return b;
  });
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
}
