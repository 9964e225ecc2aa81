/** What the browser says about this site's storage (StorageManager.estimate()). */
export interface StorageEstimate {
  /** Bytes this site stores now (IndexedDB, caches, model files). */
  usageBytes: number;
  /** Bytes the browser lets this site use in total. */
  quotaBytes: number;
}

/** Whether a download fits in the remaining quota. */
export interface DownloadFit {
  /** null when the browser gives no estimate (then nothing can be said). */
  fits: boolean | null;
  /** Bytes still free under the quota (0 when full). */
  freeBytes: number | null;
  /** How much is missing, with the safety margin, when it does not fit. */
  shortByBytes: number;
}

/** Model caches need some room beyond the weights (tokenizer, library, cache bookkeeping). */
const DEFAULT_MARGIN = 0.1;

/** Bytes still free under the quota. */
export function freeBytes(estimate: StorageEstimate): number {
  return Math.max(0, estimate.quotaBytes - estimate.usageBytes);
}

/**
 * Compares a download's size (plus a 10% margin) with the free quota, so the app can warn
 * before a download that would fail half-way with a quota error.
 */
export function checkDownloadFits(downloadBytes: number, estimate: StorageEstimate | null, margin = DEFAULT_MARGIN): DownloadFit {
  if (!estimate || estimate.quotaBytes <= 0) return { fits: null, freeBytes: null, shortByBytes: 0 };
  const free = freeBytes(estimate);
  const needed = Math.ceil(downloadBytes * (1 + margin));
  return { fits: needed <= free, freeBytes: free, shortByBytes: Math.max(0, needed - free) };
}

/** Share of the quota in use, 0..1 (0 when the quota is unknown). */
export function usedShare(estimate: StorageEstimate): number {
  return estimate.quotaBytes > 0 ? Math.min(1, estimate.usageBytes / estimate.quotaBytes) : 0;
}

/** Human-readable size in decimal units, as browsers and disks show them: "845 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(1)} TB`;
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${Math.round(bytes)} B`;
}
