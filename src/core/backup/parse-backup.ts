import { isRecord } from '../llm-output.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, DEFAULT_MAX_BACKUP_BYTES, SCHEMA_VERSION, countRecords, type BackupData, type BackupSummary } from './backup-format.ts';
import { readChatRecord, readMessageRecord } from './chat-record.ts';
import { checkReferences } from './check-references.ts';
import { damaged, type Check } from './json-check.ts';
import { readMemoryRecord } from './memory-record.ts';
import { readEvalRunRecord, readSettingEntry } from './other-records.ts';
import { readBookRecord } from './book-record.ts';
import { readPersonaRecord } from './persona-record.ts';

/** Options of {@link parseBackup}. */
export interface ParseBackupOptions {
  /** Largest accepted file, in bytes (default 256 MiB). */
  maxBytes?: number;
}

/** A backup that passed every check, ready to restore. */
export interface ParsedBackup {
  data: BackupData;
  summary: BackupSummary;
}

/**
 * Upgrades a file of an older backup version to the next one. Add an entry here when
 * BACKUP_VERSION goes up (the key is the version upgraded from), with a committed fixture
 * of the older version and a test.
 */
const UPGRADES: Record<number, (file: Record<string, unknown>) => Record<string, unknown>> = {};

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function parseJson(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    if (/end of (JSON )?input|unterminated|unexpected end/i.test(error.message)) {
      throw new ValidationError('truncated', msg('backup.error.truncated'));
    }
    throw new ValidationError('bad-json', msg('backup.error.notJson'));
  }
}

function checkHeader(root: unknown): Record<string, unknown> {
  if (!isRecord(root) || root.format !== BACKUP_FORMAT) {
    const isCard = isRecord(root) && typeof root.spec === 'string' && root.spec.startsWith('chara_card');
    throw new ValidationError('wrong-type', isCard ? msg('backup.error.isCard') : msg('backup.error.notBackup'));
  }
  const version = root.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw damaged('version', msg('backup.expected.version'));
  if (version > BACKUP_VERSION) {
    throw new ValidationError('unsupported', msg('backup.error.newer', { version }));
  }
  let file = root;
  for (let v = version; v < BACKUP_VERSION; v++) {
    const upgrade = UPGRADES[v];
    if (!upgrade) {
      throw new ValidationError('unsupported', msg('backup.error.tooOld', { version: v }));
    }
    file = upgrade(file);
  }
  return file;
}

function table<T>(data: Record<string, unknown>, name: string, read: Check<T>): T[] {
  const list = data[name];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw damaged(name, msg('backup.expected.list'));
  return list.map((item, i) => read(item, `${name}[${i}]`));
}

function checkUnique(data: BackupData): void {
  const keyed: Array<[string, Array<{ id: string } | { key: string }>]> = [
    ['personas', data.personas],
    ['chats', data.chats],
    ['messages', data.messages],
    ['memories', data.memories],
    ['settings', data.settings],
    ['evalRuns', data.evalRuns],
    ['books', data.books],
  ];
  for (const [name, list] of keyed) {
    const seen = new Set<string>();
    list.forEach((record, i) => {
      const key = 'id' in record ? record.id : record.key;
      if (seen.has(key)) {
        throw damaged(`${name}[${i}]`, msg('backup.expected.uniqueId', { id: key.slice(0, 60) }));
      }
      seen.add(key);
    });
  }
}

/**
 * Reads and checks a whole backup file before anything is written: size, JSON, the
 * `egos-backup` tag and version (older versions are upgraded, newer ones refused), the type
 * of every field of every record, unique ids, and that every chat, message, memory and
 * evaluation run belongs to a persona (and chat) in the same file.
 * @throws ValidationError `too-large`, `empty`, `truncated`, `bad-json`, `wrong-type`,
 *   `unsupported` or `invalid`, each naming the problem; nothing is changed then.
 */
export function parseBackup(input: string, options: ParseBackupOptions = {}): ParsedBackup {
  const max = options.maxBytes ?? DEFAULT_MAX_BACKUP_BYTES;
  if (input.length > max) {
    throw new ValidationError('too-large', msg('backup.error.tooLarge', { max: megabytes(max) }));
  }
  if (input.trim() === '') {
    throw new ValidationError('empty', msg('backup.error.empty'));
  }
  const file = checkHeader(parseJson(input));
  if (!isRecord(file.data)) throw damaged('data', msg('backup.expected.data'));
  const schemaVersion = typeof file.schemaVersion === 'number' && Number.isSafeInteger(file.schemaVersion) ? file.schemaVersion : SCHEMA_VERSION;
  const data: BackupData = {
    personas: table(file.data, 'personas', readPersonaRecord),
    chats: table(file.data, 'chats', readChatRecord),
    messages: table(file.data, 'messages', readMessageRecord),
    memories: table(file.data, 'memories', readMemoryRecord),
    settings: table(file.data, 'settings', readSettingEntry),
    evalRuns: table(file.data, 'evalRuns', readEvalRunRecord),
    books: table(file.data, 'books', readBookRecord),
  };
  checkUnique(data);
  checkReferences(data);
  const summary: BackupSummary = {
    exportedAt: typeof file.exportedAt === 'number' && Number.isFinite(file.exportedAt) ? file.exportedAt : 0,
    schemaVersion,
    includesApiKeys: file.includesApiKeys === true,
    counts: countRecords(data),
  };
  return { data, summary };
}
