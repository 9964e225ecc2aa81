import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyJsonEdits, applyTextDamage, jsonEdit, textDamage } from '../../../test/support/json-mutations.ts';
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

const edit = jsonEdit(['delete', 'replace', 'duplicate', 'stringify', 'swap-type']);

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
        seen[parsesOrRejectsCleanly(JSON.stringify(applyJsonEdits(validFile, edits)))]++;
      }),
      { numRuns: 400 },
    );
    expect(seen.rejected).toBeGreaterThan(50);
    expect(seen.ok).toBeGreaterThan(5);
  });

  it('on byte-level damage (cut, flipped, inserted characters)', () => {
    fc.assert(
      fc.property(fc.array(textDamage, { minLength: 1, maxLength: 3 }), (list) => {
        parsesOrRejectsCleanly(applyTextDamage(validText, list));
      }),
      { numRuns: 300 },
    );
  });
});
