import { isRecord } from '../llm-output.ts';
import { ValidationError } from '../errors/index.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, DEFAULT_MAX_BACKUP_BYTES, SCHEMA_VERSION, countRecords, type BackupData, type BackupSummary } from './backup-format.ts';
import { readChatRecord, readMessageRecord } from './chat-record.ts';
import { checkReferences } from './check-references.ts';
import { damaged, type Check } from './json-check.ts';
import { readMemoryRecord } from './memory-record.ts';
import { readEvalRunRecord, readSettingEntry } from './other-records.ts';
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
      throw new ValidationError(
        'truncated',
        'This backup file is incomplete: it ends too early (it was probably cut off while downloading or copying). Nothing was changed; use a complete copy.',
        {
          zh: '这个备份文件不完整：它提前结束了（可能在下载或复制时被截断）。没有做任何更改；请使用完整的副本。',
        },
      );
    }
    throw new ValidationError(
      'bad-json',
      'This file is not an EGOS backup: it is not valid JSON. Nothing was changed; choose a file made with “Download backup”.',
      {
        zh: '这个文件不是 EGOS 备份：它不是有效的 JSON。没有做任何更改；请选择用“下载备份”生成的文件。',
      },
    );
  }
}

function checkHeader(root: unknown): Record<string, unknown> {
  if (!isRecord(root) || root.format !== BACKUP_FORMAT) {
    const isCard = isRecord(root) && typeof root.spec === 'string' && root.spec.startsWith('chara_card');
    throw new ValidationError(
      'wrong-type',
      isCard
        ? 'This file is a character card, not an EGOS backup. Import it with “Import card” on the personas page.'
        : 'This file is not an EGOS backup. Nothing was changed; choose a file made with “Download backup”.',
      {
        zh: isCard
          ? '这个文件是角色卡，不是 EGOS 备份。请在角色页面用“导入角色卡”导入它。'
          : '这个文件不是 EGOS 备份。没有做任何更改；请选择用“下载备份”生成的文件。',
      },
    );
  }
  const version = root.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw damaged('version', 'a whole number from 1', '不小于 1 的整数');
  if (version > BACKUP_VERSION) {
    throw new ValidationError(
      'unsupported',
      `This backup was made by a newer version of EGOS (backup format ${version}). Update EGOS (reload the page), then restore it again. Nothing was changed.`,
      {
        zh: `这份备份由更新版本的 EGOS 生成（备份格式 ${version}）。请更新 EGOS（重新加载页面）后再恢复。没有做任何更改。`,
      },
    );
  }
  let file = root;
  for (let v = version; v < BACKUP_VERSION; v++) {
    const upgrade = UPGRADES[v];
    if (!upgrade) {
      throw new ValidationError('unsupported', `Backups of format ${v} can no longer be read. Nothing was changed.`, {
        zh: `格式 ${v} 的备份已无法读取。没有做任何更改。`,
      });
    }
    file = upgrade(file);
  }
  return file;
}

function table<T>(data: Record<string, unknown>, name: string, read: Check<T>): T[] {
  const list = data[name];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw damaged(name, 'a list', '列表');
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
  ];
  for (const [name, list] of keyed) {
    const seen = new Set<string>();
    list.forEach((record, i) => {
      const key = 'id' in record ? record.id : record.key;
      if (seen.has(key)) {
        throw damaged(
          `${name}[${i}]`,
          `a record with its own id (“${key.slice(0, 60)}” appears twice)`,
          `拥有独立 id 的记录（“${key.slice(0, 60)}”出现了两次）`,
        );
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
    throw new ValidationError('too-large', `This backup file is larger than ${megabytes(max)}, more than EGOS can read at once. Nothing was changed.`, {
      zh: `这个备份文件超过 ${megabytes(max)}，超出了 EGOS 一次能读取的大小。没有做任何更改。`,
    });
  }
  if (input.trim() === '') {
    throw new ValidationError('empty', 'This backup file is empty. Nothing was changed; choose a file made with “Download backup”.', {
      zh: '这个备份文件是空的。没有做任何更改；请选择用“下载备份”生成的文件。',
    });
  }
  const file = checkHeader(parseJson(input));
  if (!isRecord(file.data)) throw damaged('data', 'an object with the saved records', '包含已保存记录的对象');
  const schemaVersion = typeof file.schemaVersion === 'number' && Number.isSafeInteger(file.schemaVersion) ? file.schemaVersion : SCHEMA_VERSION;
  const data: BackupData = {
    personas: table(file.data, 'personas', readPersonaRecord),
    chats: table(file.data, 'chats', readChatRecord),
    messages: table(file.data, 'messages', readMessageRecord),
    memories: table(file.data, 'memories', readMemoryRecord),
    settings: table(file.data, 'settings', readSettingEntry),
    evalRuns: table(file.data, 'evalRuns', readEvalRunRecord),
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
