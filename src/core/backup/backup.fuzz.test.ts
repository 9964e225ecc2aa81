import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import type { BackupFile } from './backup-format.ts';
import { createBackup, serializeBackup } from './create-backup.ts';
import { sampleBackupData } from './fixtures.test-support.ts';
import { parseBackup } from './parse-backup.ts';

const validFile: BackupFile = createBackup(sampleBackupData(), { includeApiKeys: false, now: 1 }).file;
const validText = serializeBackup(validFile);

/** Parses `text`; the only acceptable failure is a ValidationError with a message for the user. A success must export and re-read identically. */
function parsesOrRejectsCleanly(text: string): 'ok' | 'rejected' {
  try {
    const { data } = parseBackup(text);
    const again = parseBackup(serializeBackup(createBackup(data, { includeApiKeys: true, now: 1 }).file));
    expect(again.data).toEqual(data);
    return 'ok';
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.message.length).toBeGreaterThan(30);
    return 'rejected';
  }
}

type Container = Record<string, unknown> | unknown[];

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

interface Edit {
  at: number;
  op: 'delete' | 'replace' | 'duplicate' | 'stringify' | 'swap-type';
  value: unknown;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete' as const, 'replace' as const, 'duplicate' as const, 'stringify' as const, 'swap-type' as const),
  value: fc.jsonValue({ maxDepth: 2 }),
});

function applyEdits(edits: readonly Edit[]): unknown {
  const root = structuredClone(validFile) as unknown;
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
    if (e.op === 'duplicate' && Array.isArray(container)) container.push(structuredClone(current));
    if (e.op === 'stringify') target[key] = JSON.stringify(current ?? null);
    if (e.op === 'swap-type') target[key] = typeof current === 'number' ? String(current) : typeof current === 'string' ? current.length : [current];
  }
  return root;
}

describe('fuzz: parseBackup only ever throws ValidationError', () => {
  it('on random text and JSON', () => {
    const input = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.jsonValue().map((data) => JSON.stringify({ format: 'egos-backup', version: 1, data })),
    );
    fc.assert(
      fc.property(input, (text) => {
        parsesOrRejectsCleanly(text);
      }),
      { numRuns: 400 },
    );
  });

  it('on structurally mutated backups (fields deleted, replaced, duplicated, retyped)', () => {
    const seen = { ok: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        seen[parsesOrRejectsCleanly(JSON.stringify(applyEdits(edits)))]++;
      }),
      { numRuns: 400 },
    );
    expect(seen.rejected).toBeGreaterThan(50);
    expect(seen.ok).toBeGreaterThan(5);
  });

  it('on byte-level damage (cut, flipped, inserted characters)', () => {
    const damage = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('cut' as const, 'flip' as const, 'insert' as const),
      char: fc.string({ minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 3 }), (list) => {
        let text = validText;
        for (const d of list) {
          const at = d.at % (text.length + 1);
          if (d.kind === 'cut') text = text.slice(0, at);
          if (d.kind === 'flip') text = text.slice(0, at) + d.char + text.slice(at + 1);
          if (d.kind === 'insert') text = text.slice(0, at) + d.char + text.slice(at);
        }
        parsesOrRejectsCleanly(text);
      }),
      { numRuns: 300 },
    );
  });
});
