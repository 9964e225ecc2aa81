import type { LoadProgress } from '../../core/llm-engine.ts';

function mb(bytes: number): string {
  const value = bytes / 1e6;
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

/**
 * Progress of a download of `loaded` of `total` bytes (total 0 when the server does not say).
 * With several files (a split model), `part` is the file number and `parts` their count; the
 * fraction covers all of them.
 */
export function downloadProgress(label: string, loaded: number, total: number, part = 1, parts = 1): LoadProgress {
  const within = total > 0 ? Math.min(1, loaded / total) : 0;
  const fraction = Math.min(1, (part - 1 + within) / Math.max(1, parts));
  const of = total > 0 ? ` of ${mb(total)} MB` : ' MB';
  const file = parts > 1 ? ` (file ${part} of ${parts})` : '';
  return { phase: 'download', fraction, text: `Downloading ${label}${file}: ${mb(loaded)}${of}` };
}

/** Progress while the model is read into memory (from the browser's cache when `fromCache`). */
export function loadingProgress(label: string, fromCache: boolean): LoadProgress {
  return { phase: 'load', fraction: 0, text: fromCache ? `Loading ${label} from this browser's cache` : `Loading ${label} into memory` };
}

/** The model is loaded; `threads` is how many CPU threads it runs on. */
export function readyProgress(label: string, threads: number): LoadProgress {
  return { phase: 'ready', fraction: 1, text: `${label} is ready on the CPU (${threads === 1 ? '1 thread' : `${threads} threads`})` };
}

/**
 * CPU threads for inference: half the logical cores (about the physical ones; llama.cpp gains
 * nothing from hyper-threads and spinning threads would starve the page), at most 8, and only
 * one when the page is not cross-origin isolated (threads need SharedArrayBuffer).
 */
export function threadCount(hardwareConcurrency: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  return Math.max(1, Math.min(8, Math.floor(hardwareConcurrency / 2)));
}
