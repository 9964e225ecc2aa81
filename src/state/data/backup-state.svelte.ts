import { DEFAULT_MAX_BACKUP_BYTES, type BackupData, type BackupSummary, type RestoreMode } from '../../core/backup/backup-format.ts';

/** Backup writing and validation, loaded on first use (kept out of the initial download). */
const loadBackup = async () => ({ ...(await import('../../core/backup/create-backup.ts')), ...(await import('../../core/backup/parse-backup.ts')) });
import type { RestoreReport } from '../../core/backup/restore-backup.ts';
import { assertNoGeneration } from '../../core/backup/restore-guard.ts';
import { StorageError, ValidationError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import type { AppServices } from '../app/services.ts';

/** What the Data page needs of a chosen file (a File fits). */
export interface BackupFileLike {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

/** A backup file ready to download. */
export interface BackupDownload {
  fileName: string;
  text: string;
}

/**
 * The Data page: download a backup of everything (API keys only when asked), and restore one
 * after it has been fully validated, asking merge or replace when the library is not empty.
 */
export class BackupState {
  /** Include endpoint API keys in the next backup (off by default). */
  includeApiKeys = $state(false);
  busy = $state<'export' | 'read' | 'restore' | null>(null);
  /** What the user is told about the last failure (a bad file, storage trouble). */
  error = $state.raw<Message | null>(null);
  /** Records left out of the last backup because they belonged to nothing. */
  orphansSkipped = $state(0);
  /** A validated backup waiting for the user's merge-or-replace choice. */
  pending = $state.raw<{ fileName: string; summary: BackupSummary } | null>(null);
  /** What the last restore did. */
  result = $state.raw<RestoreReport | null>(null);
  /** The last restore went into an empty library (no choice was asked). */
  restoredIntoEmpty = $state(false);
  #services: Pick<AppServices, 'now' | 'backup' | 'chatLocks'>;
  #onRestored: () => Promise<void>;
  #data: BackupData | null = null;

  /** `onRestored` reloads the app's data (and tells other tabs) after a restore. */
  constructor(services: Pick<AppServices, 'now' | 'backup' | 'chatLocks'>, onRestored: () => Promise<void>) {
    this.#services = services;
    this.#onRestored = onRestored;
  }

  /** Builds the backup file of everything stored; null (with `error` set) when it fails. */
  async createDownload(): Promise<BackupDownload | null> {
    return this.#run('export', async () => {
      const now = this.#services.now();
      const data = await this.#store().readAll();
      const { createBackup, backupFileName, serializeBackup } = await loadBackup();
      const { file, orphansSkipped } = createBackup(data, { includeApiKeys: this.includeApiKeys, now });
      this.orphansSkipped = orphansSkipped;
      return { fileName: backupFileName(now), text: serializeBackup(file) };
    });
  }

  /**
   * Reads and validates a backup file. Nothing is written until it is valid; an empty library
   * is then restored at once, otherwise `pending` waits for {@link restore}.
   */
  async read(file: BackupFileLike): Promise<void> {
    this.cancel();
    this.result = null;
    const parsed = await this.#run('read', async () => {
      if (file.size > DEFAULT_MAX_BACKUP_BYTES) throw new ValidationError('too-large', msg('backup.error.fileTooLarge', { name: file.name }));
      const { parseBackup } = await loadBackup();
      const { data, summary } = parseBackup(await file.text());
      return { data, summary, empty: await this.#store().isEmpty() };
    });
    if (!parsed) return;
    this.#data = parsed.data;
    this.pending = { fileName: file.name, summary: parsed.summary };
    if (parsed.empty) await this.#apply('replace', true);
  }

  /**
   * Restores the pending backup: `merge` keeps what is stored and adds what is new, `replace`
   * clears first. Refused (with `error` set, nothing written, the backup still pending) while
   * any tab is generating a reply.
   */
  async restore(mode: RestoreMode): Promise<void> {
    await this.#apply(mode, false);
  }

  async #apply(mode: RestoreMode, intoEmpty: boolean): Promise<void> {
    const data = this.#data;
    const pending = this.pending;
    if (!data || !pending) return;
    const report = await this.#run('restore', async () => {
      const store = this.#store();
      const locks = this.#services.chatLocks;
      if (locks) assertNoGeneration(await locks.heldChats());
      const counts = mode === 'replace' ? await store.replaceAll(data) : await store.merge(data);
      return { mode, summary: pending.summary, counts };
    });
    if (!report) return;
    this.cancel();
    this.result = report;
    this.restoredIntoEmpty = intoEmpty;
    await this.#onRestored().catch((error: unknown) => (this.error = errorMessage(error)));
  }

  /** Drops the pending backup without writing anything. */
  cancel(): void {
    this.#data = null;
    this.pending = null;
  }

  #store() {
    const store = this.#services.backup;
    if (!store) throw new StorageError('unavailable', msg('backup.error.unavailable'));
    return store;
  }

  async #run<T>(kind: 'export' | 'read' | 'restore', task: () => Promise<T>): Promise<T | null> {
    this.busy = kind;
    this.error = null;
    try {
      return await task();
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    } finally {
      this.busy = null;
    }
  }
}
