/**
 * The browser's own speech synthesis (the Web Speech API: `speechSynthesis` and
 * `SpeechSynthesisUtterance`) as the {@link Speech} port. Voices may arrive after the page
 * loads (Chrome fills the list later and fires `voiceschanged`), so an empty list is asked for
 * again once they come, for a short while. Utterances are kept referenced until they end: some
 * browsers drop one that nothing references and never report its end.
 */
import { SpeechError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { Speech, SpeechVoice, Utterance } from '../../core/voice.ts';

/** The `SpeechSynthesisUtterance` fields and events the adapter uses. */
export interface UtteranceLike {
  text: string;
  lang: string;
  rate: number;
  pitch: number;
  voice: SpeechVoice | null;
  onend: ((event: unknown) => void) | null;
  onerror: ((event: { error?: string }) => void) | null;
}

/** The `speechSynthesis` object (tests give fakes). */
export interface SynthesisLike {
  getVoices(): SpeechVoice[];
  speak(utterance: UtteranceLike): void;
  cancel(): void;
  addEventListener(type: 'voiceschanged', listener: () => void): void;
  removeEventListener(type: 'voiceschanged', listener: () => void): void;
}

/** How long {@link Speech.voices} waits for a list that is still empty (Chrome fills it within a moment). */
const VOICES_WAIT_MS = 1500;

/** Error names of `SpeechSynthesisErrorEvent` that mean the speech was stopped, not that it failed. */
const STOPPED = new Set(['canceled', 'interrupted']);

/** The port over `synthesis`; `utterance` makes a `SpeechSynthesisUtterance`. */
export function createWebSpeech(synthesis: SynthesisLike, utterance: (text: string) => UtteranceLike): Speech {
  const speaking = new Set<UtteranceLike>();

  function voices(): Promise<SpeechVoice[]> {
    const now = synthesis.getVoices();
    if (now.length > 0) return Promise.resolve(now.map(plainVoice));
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        synthesis.removeEventListener('voiceschanged', done);
        resolve(synthesis.getVoices().map(plainVoice));
      };
      const timer = setTimeout(done, VOICES_WAIT_MS);
      synthesis.addEventListener('voiceschanged', done);
    });
  }

  function speak(said: Utterance, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    const u = utterance(said.text);
    u.lang = said.lang;
    u.rate = said.rate;
    u.pitch = said.pitch;
    u.voice = synthesis.getVoices().find((v) => v.voiceURI === said.voiceURI) ?? null;
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: SpeechError) => {
        speaking.delete(u);
        u.onend = null;
        u.onerror = null;
        signal?.removeEventListener('abort', abort);
        if (error) reject(error);
        else resolve();
      };
      const abort = () => {
        synthesis.cancel();
        finish();
      };
      u.onend = () => finish();
      u.onerror = (event) => {
        const name = event.error ?? 'unknown';
        if (STOPPED.has(name) || signal?.aborted) finish();
        else if (name === 'not-allowed') finish(new SpeechError('blocked', msg('voice.error.blocked')));
        else finish(new SpeechError('failed', msg('voice.error.failed', { reason: name })));
      };
      signal?.addEventListener('abort', abort, { once: true });
      speaking.add(u);
      synthesis.speak(u);
    });
  }

  return { voices, speak, cancel: () => synthesis.cancel() };
}

/** A voice as plain data (a `SpeechSynthesisVoice` does not survive structured cloning or spreading). */
function plainVoice(v: SpeechVoice): SpeechVoice {
  return { voiceURI: v.voiceURI, name: v.name, lang: v.lang, localService: v.localService, default: v.default };
}

/** The browser's speech synthesis, or undefined where the API is missing (read aloud then says why). */
export function browserSpeech(): Speech | undefined {
  const synthesis = (globalThis as { speechSynthesis?: SynthesisLike }).speechSynthesis;
  const Utterance = (globalThis as { SpeechSynthesisUtterance?: new (text: string) => UtteranceLike }).SpeechSynthesisUtterance;
  if (!synthesis || typeof Utterance !== 'function') return undefined;
  return createWebSpeech(synthesis, (text) => new Utterance(text));
}
