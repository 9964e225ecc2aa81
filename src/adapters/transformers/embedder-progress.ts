import type { EmbedderProgress } from '../../core/embedder.ts';
import { msg, type Message } from '../../core/i18n/message.ts';

/** The fields of a transformers.js progress event this module reads. */
export interface TransformersProgressEvent {
  status: string;
  file?: string;
  /** 0..100 (per file for `progress`, over all files for `progress_total`). */
  progress?: number;
  loaded?: number;
  total?: number;
}

/** The line for a file being fetched: its size so far in MB (one decimal), or in kB for files under 1 MB. */
function loadingText(file: Message | string, loaded: number, total: number | undefined): Message {
  if (!total) return msg('engine.embedder.progress.loading', { file });
  if (total < 1_000_000) return msg('engine.embedder.progress.loadingKb', { file, loaded: Math.round(loaded / 1000), total: Math.round(total / 1000) });
  return msg('engine.embedder.progress.loadingMb', { file, loaded: (loaded / 1_000_000).toFixed(1), total: (total / 1_000_000).toFixed(1) });
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
  let lastStep = '';
  /** `step` names what the line is about (the verb and the file), so a new file is reported at once. */
  const send = (text: Message, step: string, force: boolean) => {
    if (!force && fraction - lastSent < MIN_STEP && step === lastStep) return;
    lastSent = fraction;
    lastStep = step;
    onProgress({ fraction, text });
  };
  return (event) => {
    const file = event.file ?? msg('engine.embedder.progress.modelFile');
    switch (event.status) {
      case 'progress_total':
        fraction = Math.max(fraction, Math.min(1, (event.progress ?? 0) / 100));
        return;
      case 'progress':
        send(loadingText(file, event.loaded ?? 0, event.total), `loading ${event.file ?? ''}`, false);
        return;
      case 'done':
        send(msg('engine.embedder.progress.loaded', { file }), `loaded ${event.file ?? ''}`, false);
        return;
      case 'ready':
        fraction = 1;
        send(msg('engine.embedder.progress.ready', { model: modelId }), 'ready', true);
        return;
      default:
        return;
    }
  };
}
