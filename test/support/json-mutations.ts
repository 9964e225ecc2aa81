import fc from 'fast-check';

/**
 * Test tool: the mutations the fuzz tests apply to a valid JSON file (a backup, a world book): edits
 * of its structure, and damage to its text. Never used by the product.
 */

type Container = Record<string, unknown> | unknown[];

/** A structural edit: which [container, key] slot (modulo their count), what to do, and a value for `replace`. */
export interface JsonEdit {
  at: number;
  op: 'delete' | 'replace' | 'duplicate' | 'stringify' | 'swap-type' | 'null';
  value: unknown;
}

/** Edits using the given operations (all of them by default). */
export function jsonEdit(ops: readonly JsonEdit['op'][] = ['delete', 'replace', 'duplicate', 'stringify', 'swap-type', 'null']): fc.Arbitrary<JsonEdit> {
  return fc.record({ at: fc.nat(), op: fc.constantFrom(...ops), value: fc.jsonValue({ maxDepth: 2 }) });
}

/** Every [container, key] pair inside a JSON value, depth first. */
function slots(value: unknown, out: Array<[Container, string | number]> = []): Array<[Container, string | number]> {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), slots(v, out)));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Container, k]);
      slots(v, out);
    }
  }
  return out;
}

/** A copy of `value` with the edits applied in order. */
export function applyJsonEdits(value: unknown, edits: readonly JsonEdit[]): unknown {
  const root = structuredClone(value);
  for (const e of edits) {
    const all = slots(root);
    const slot = all[e.at % all.length];
    if (!slot) continue;
    const [container, key] = slot;
    const target = container as Record<string | number, unknown>;
    const current = target[key];
    if (e.op === 'delete' && Array.isArray(container)) container.splice(key as number, 1);
    else if (e.op === 'delete') delete target[key];
    if (e.op === 'replace') target[key] = e.value;
    if (e.op === 'null') target[key] = null;
    if (e.op === 'duplicate' && Array.isArray(container)) container.push(structuredClone(current));
    if (e.op === 'stringify') target[key] = JSON.stringify(current ?? null);
    if (e.op === 'swap-type') target[key] = typeof current === 'number' ? String(current) : typeof current === 'string' ? current.length : [current];
  }
  return root;
}

/** Damage to a text: cut it at a place, or replace or insert characters there. */
export interface TextDamage {
  at: number;
  kind: 'cut' | 'flip' | 'insert';
  char: string;
}

export const textDamage: fc.Arbitrary<TextDamage> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('cut' as const, 'flip' as const, 'insert' as const),
  char: fc.string({ minLength: 1, maxLength: 2 }),
});

/** `text` with the damage applied in order. */
export function applyTextDamage(text: string, list: readonly TextDamage[]): string {
  let out = text;
  for (const d of list) {
    const at = d.at % (out.length + 1);
    if (d.kind === 'cut') out = out.slice(0, at);
    if (d.kind === 'flip') out = out.slice(0, at) + d.char + out.slice(at + 1);
    if (d.kind === 'insert') out = out.slice(0, at) + d.char + out.slice(at);
  }
  return out;
}
