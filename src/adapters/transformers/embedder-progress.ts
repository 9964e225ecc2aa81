import type { EmbedderProgress } from '../../core/embedder.ts';

/** The fields of a transformers.js progress event this module reads. */
export interface TransformersProgressEvent {
  status: string;
  file?: string;
  /** 0..100 (per file for `progress`, over all files for `progress_total`). */
  progress?: number;
  loaded?: number;
  total?: number;
}

/** `loaded of total` in MB (one decimal), or in kB for files under 1 MB. */
function sizeText(loaded: number, total: number): string {
  if (total < 1_000_000) return `${Math.round(loaded / 1000)} of ${Math.round(total / 1000)} kB`;
  return `${(loaded / 1_000_000).toFixed(1)} of ${(total / 1_000_000).toFixed(1)} MB`;
}

/** Smallest change of the overall fraction worth a report (avoids thousands of messages per file). */
const MIN_STEP = 0.005;

/**
 * Makes a transformers.js `progress_callback` that reports one overall fraction (over all
 * files, from `progress_total` events) with text naming the file being fetched. Reports are
 * monotonic, throttled to steps of 0.5 % (plus every file change), and end with 1 on `ready`.
 */
export function createProgressReporter(modelId: string, onProgress: (p: EmbedderProgress) => void): (event: TransformersProgressEvent) => void {
  let fraction = 0;
  let lastSent = -1;
  let lastText = '';
  const send = (text: string, force: boolean) => {
    if (!force && fraction - lastSent < MIN_STEP && text.split(' (')[0] === lastText.split(' (')[0]) return;
    lastSent = fraction;
    lastText = text;
    onProgress({ fraction, text });
  };
  return (event) => {
    switch (event.status) {
      case 'progress_total':
        fraction = Math.max(fraction, Math.min(1, (event.progress ?? 0) / 100));
        return;
      case 'progress': {
        const size = event.total ? ` (${sizeText(event.loaded ?? 0, event.total)})` : '';
        send(`Loading ${event.file ?? 'model file'}${size}`, false);
        return;
      }
      case 'done':
        send(`Loaded ${event.file ?? 'model file'}`, false);
        return;
      case 'ready':
        fraction = 1;
        send(`Search model ${modelId} is ready`, true);
        return;
      default:
        return;
    }
  };
}
