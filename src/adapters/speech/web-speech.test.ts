import { describe, expect, it, vi } from 'vitest';
import { SpeechError } from '../../core/errors/index.ts';
import type { SpeechVoice } from '../../core/voice.ts';
import { createWebSpeech, type SynthesisLike, type UtteranceLike } from './web-speech.ts';

const EN: SpeechVoice = { voiceURI: 'espeak-en', name: 'English', lang: 'en-GB', localService: true, default: true };

/** A `speechSynthesis` that records what it is asked to say and ends utterances when told. */
class FakeSynthesis implements SynthesisLike {
  voices: SpeechVoice[] = [];
  spoken: UtteranceLike[] = [];
  cancelled = 0;
  readonly #listeners = new Set<() => void>();
  getVoices(): SpeechVoice[] {
    return this.voices;
  }
  speak(utterance: UtteranceLike): void {
    this.spoken.push(utterance);
  }
  cancel(): void {
    this.cancelled++;
    for (const u of this.spoken) u.onerror?.({ error: 'interrupted' });
  }
  addEventListener(_type: 'voiceschanged', listener: () => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'voiceschanged', listener: () => void): void {
    this.#listeners.delete(listener);
  }
  voicesArrive(voices: SpeechVoice[]): void {
    this.voices = voices;
    for (const listener of [...this.#listeners]) listener();
  }
}

const makeUtterance = (text: string): UtteranceLike => ({ text, lang: '', rate: 1, pitch: 1, voice: null, onend: null, onerror: null });
const say = { text: 'Hello.', voiceURI: 'espeak-en', lang: 'en-GB', rate: 1.5, pitch: 0.5 };

describe('web speech adapter', () => {
  it('waits for voices that arrive late, as plain data', async () => {
    const synthesis = new FakeSynthesis();
    const speech = createWebSpeech(synthesis, makeUtterance);
    const voices = speech.voices();
    synthesis.voicesArrive([EN]);
    expect(await voices).toEqual([EN]);
  });

  it('gives up waiting with an empty list where the browser has no voices', async () => {
    vi.useFakeTimers();
    try {
      const speech = createWebSpeech(new FakeSynthesis(), makeUtterance);
      const voices = speech.voices();
      await vi.advanceTimersByTimeAsync(2000);
      expect(await voices).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('speaks with the voice, language, rate and pitch asked for, and resolves when it ends', async () => {
    const synthesis = new FakeSynthesis();
    synthesis.voices = [EN];
    const speech = createWebSpeech(synthesis, makeUtterance);
    let done = false;
    const spoken = speech.speak(say).then(() => (done = true));
    const u = synthesis.spoken[0];
    expect(u).toMatchObject({ text: 'Hello.', lang: 'en-GB', rate: 1.5, pitch: 0.5, voice: EN });
    await Promise.resolve();
    expect(done).toBe(false);
    u?.onend?.({});
    await spoken;
    expect(done).toBe(true);
  });

  it('an abort cancels the speech and resolves', async () => {
    const synthesis = new FakeSynthesis();
    const speech = createWebSpeech(synthesis, makeUtterance);
    const controller = new AbortController();
    const spoken = speech.speak(say, controller.signal);
    controller.abort();
    await spoken;
    expect(synthesis.cancelled).toBe(1);
    await speech.speak(say, controller.signal);
    expect(synthesis.spoken).toHaveLength(1);
  });

  it('a refusal before the page was used and a failure are typed errors that say what to do', async () => {
    const synthesis = new FakeSynthesis();
    const speech = createWebSpeech(synthesis, makeUtterance);
    const blocked = speech.speak(say);
    synthesis.spoken[0]?.onerror?.({ error: 'not-allowed' });
    await expect(blocked).rejects.toMatchObject({ code: 'blocked' });
    const failed = speech.speak(say);
    synthesis.spoken[1]?.onerror?.({ error: 'synthesis-failed' });
    const error: unknown = await failed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpeechError);
    expect((error as SpeechError).message).toContain('(synthesis-failed)');
  });
});
