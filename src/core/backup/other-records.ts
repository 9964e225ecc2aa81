import { AppError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { assertRunState } from '../eval/run-state.ts';
import type { PersonaId } from '../ids.ts';
import type { StoredEvalRun } from '../repository.ts';
import type { SettingEntry } from './backup-format.ts';
import { damaged, finite, id, jsonValue, object, text } from './json-check.ts';

const settingShape = object({ key: text, value: jsonValue });

/**
 * Checks a settings entry from a backup (any JSON value under a text key).
 * @throws ValidationError when the key is missing or the value absent.
 */
export function readSettingEntry(value: unknown, path: string): SettingEntry {
  const entry = settingShape(value, path);
  return { key: entry.key, value: entry.value };
}

const runShape = object({ id, personaId: id, updatedAt: finite, state: (v: unknown) => v });

/**
 * Checks a saved evaluation run from a backup, its state with the same rules as resuming
 * (any failure of those rules on untrusted data is reported as damage).
 * @throws ValidationError naming the run and the problem.
 */
export function readEvalRunRecord(value: unknown, path: string): StoredEvalRun {
  const run = runShape(value, path);
  try {
    const state = assertRunState(jsonValue(run.state, `${path}.state`));
    return { id: run.id, personaId: run.personaId as PersonaId, updatedAt: run.updatedAt, state };
  } catch (error) {
    const detail = error instanceof AppError ? msg('backup.expected.evalRunDetail', { error: error.text }) : '';
    throw damaged(`${path}.state`, msg('backup.expected.evalRun', { detail }));
  }
}
