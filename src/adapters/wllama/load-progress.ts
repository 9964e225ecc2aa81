import { msg } from '../../core/i18n/message.ts';
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
  const text =
    parts > 1
      ? total > 0
        ? msg('engine.wllama.progress.downloadFile', { model: label, part, parts, loaded: mb(loaded), total: mb(total) })
        : msg('engine.wllama.progress.downloadFileNoTotal', { model: label, part, parts, loaded: mb(loaded) })
      : total > 0
        ? msg('engine.wllama.progress.download', { model: label, loaded: mb(loaded), total: mb(total) })
        : msg('engine.wllama.progress.downloadNoTotal', { model: label, loaded: mb(loaded) });
  return { phase: 'download', fraction, text };
}

/** Progress while the model is read into memory (from the browser's cache when `fromCache`). */
export function loadingProgress(label: string, fromCache: boolean): LoadProgress {
  return {
    phase: 'load',
    fraction: 0,
    text: fromCache ? msg('engine.wllama.progress.fromCache', { model: label }) : msg('engine.wllama.progress.intoMemory', { model: label }),
  };
}

/** The model is loaded; `threads` is how many CPU threads it runs on. */
export function readyProgress(label: string, threads: number): LoadProgress {
  const text =
    threads === 1 ? msg('engine.wllama.progress.ready.one', { model: label }) : msg('engine.wllama.progress.ready.other', { model: label, count: threads });
  return { phase: 'ready', fraction: 1, text };
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
