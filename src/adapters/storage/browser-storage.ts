import type { StorageEstimate } from '../../core/models/storage-fit.ts';

/** The subset of the browser's StorageManager this adapter uses. */
export interface StorageManagerLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

/** Quota and persistence of this site's storage; null answers mean "this browser cannot tell". */
export interface BrowserStorage {
  estimate(): Promise<StorageEstimate | null>;
  /** Whether the browser promised not to evict this site's data. */
  persisted(): Promise<boolean | null>;
  /** Asks the browser to keep this site's data (Chrome decides silently, Firefox asks the user). */
  persist(): Promise<boolean | null>;
}

/** Wraps `navigator.storage` (absent in old browsers and some private modes). */
export function browserStorage(manager: StorageManagerLike | undefined = globalThis.navigator?.storage): BrowserStorage {
  return {
    async estimate() {
      if (!manager?.estimate) return null;
      const { usage, quota } = await manager.estimate();
      return quota === undefined ? null : { usageBytes: usage ?? 0, quotaBytes: quota };
    },
    async persisted() {
      return manager?.persisted ? manager.persisted() : null;
    },
    async persist() {
      return manager?.persist ? manager.persist() : null;
    },
  };
}
