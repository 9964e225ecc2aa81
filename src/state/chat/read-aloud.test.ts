import { describe, expect, it } from 'vitest';
import { english } from '../../core/i18n/message.ts';
import type { ChatId, MessageId, PersonaId } from '../../core/ids.ts';
import type { Message } from '../../core/message.ts';
import { createPersona, type Persona } from '../../core/persona/index.ts';
import type { Speech, SpeechVoice, Utterance } from '../../core/voice.ts';
import { ReadAloud, TEST_READING, type ReadAloudChat } from './read-aloud.svelte.ts';

const EN: SpeechVoice = { voiceURI: 'espeak-en', name: 'English', lang: 'en-GB', localService: true, default: true };
const ZH: SpeechVoice = { voiceURI: 'ting-ting', name: 'Ting-Ting', lang: 'zh-CN', localService: true, default: false };

/** A Speech port that records each utterance and holds it until the test ends it (or it is aborted). */
class FakeSpeech implements Speech {
  said: Utterance[] = [];
  #pending: Array<() => void> = [];
  constructor(private readonly list: SpeechVoice[]) {}
  voices(): Promise<SpeechVoice[]> {
    return Promise.resolve(this.list);
  }
  speak(utterance: Utterance, signal?: AbortSignal): Promise<void> {
    this.said.push(utterance);
    return new Promise((resolve) => {
      this.#pending.push(resolve);
      signal?.addEventListener('abort', () => resolve());
    });
  }
  cancel(): void {}
  /** Ends the utterance being said. */
  async finish(): Promise<void> {
    this.#pending.shift()?.();
    await settle();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const persona = (language: 'en' | 'zh' = 'en'): Persona => createPersona({ name: 'Maren', language, replyForm: 'scene' }, 'p1' as PersonaId, 1);

function chat(p: Persona, autoRead = true): ReadAloudChat & { autoRead: boolean } {
  return { persona: p, speakerOf: () => p, formOf: (s) => s.replyForm ?? 'line', autoRead };
}

let seq = 0;
function reply(text: string, status: Message['status'] = 'complete', id = `m${++seq}`): Message {
  return { id: id as MessageId, chatId: 'c1' as ChatId, seq: seq, role: 'assistant', text, status, createdAt: 1, updatedAt: 1 };
}

describe('ReadAloud', () => {
  it('plays the spoken parts of a reply, shows which one is read, and is done when the speech ends', async () => {
    const speech = new FakeSpeech([EN]);
    const voice = new ReadAloud(speech, chat(persona()));
    await voice.load();
    expect(voice.canRead).toBe(true);
    const message = reply('*She laughs.* "Loud?" *She taps the glass.* "Wait till the foghorn starts."');
    const playing = voice.play(message);
    await settle();
    expect(voice.reading).toBe(message.id);
    expect(speech.said.map((u) => u.text)).toEqual(['Loud? Wait till the foghorn starts.']);
    await speech.finish();
    await playing;
    expect(voice.reading).toBeNull();
  });

  it('toggle on the message being read stops it; play on another switches to it', async () => {
    const speech = new FakeSpeech([EN]);
    const voice = new ReadAloud(speech, chat(persona()));
    const first = reply('"One."');
    const second = reply('"Two."');
    void voice.toggle(first);
    await settle();
    expect(voice.reading).toBe(first.id);
    void voice.play(second);
    await settle();
    expect(voice.reading).toBe(second.id);
    await voice.toggle(second);
    expect(voice.reading).toBeNull();
    expect(speech.said.map((u) => u.text)).toEqual(['One.', 'Two.']);
  });

  it('auto-reads a reply this tab wrote once it completes, and the next one after it', async () => {
    const speech = new FakeSpeech([EN]);
    const voice = new ReadAloud(speech, chat(persona()));
    await voice.load();
    const a = reply('"Partial', 'streaming');
    voice.observe([a], true);
    expect(speech.said).toEqual([]);
    voice.observe([{ ...a, text: '"First reply."', status: 'complete' }], false);
    await settle();
    expect(voice.reading).toBe(a.id);
    const b = reply('"…', 'streaming');
    voice.observe([{ ...a, status: 'complete' }, b], true);
    voice.observe(
      [
        { ...a, status: 'complete' },
        { ...b, text: '"Second reply."', status: 'complete' },
      ],
      false,
    );
    await speech.finish();
    expect(voice.reading).toBe(b.id);
    await speech.finish();
    expect(speech.said.map((u) => u.text)).toEqual(['First reply.', 'Second reply.']);
    expect(voice.reading).toBeNull();
  });

  it('never auto-reads with the switch off, a reply loaded from storage, one written by another tab, or one stopped', async () => {
    const speech = new FakeSpeech([EN]);
    const source = chat(persona(), false);
    const voice = new ReadAloud(speech, source);
    await voice.load();
    const off = reply('"…', 'streaming');
    voice.observe([off], true);
    voice.observe([{ ...off, status: 'complete' }], false);
    source.autoRead = true;
    voice.observe([reply('"Loaded from storage."')], false);
    const elsewhere = reply('"…', 'streaming');
    voice.observe([elsewhere], false);
    voice.observe([{ ...elsewhere, status: 'complete' }], false);
    const stopped = reply('"…', 'streaming');
    voice.observe([stopped], true);
    voice.observe([{ ...stopped, status: 'interrupted' }], false);
    await settle();
    expect(speech.said).toEqual([]);
  });

  it('stop ends the reading and drops the replies waiting to be read', async () => {
    const speech = new FakeSpeech([EN]);
    const voice = new ReadAloud(speech, chat(persona()));
    await voice.load();
    const [a, b] = [reply('"…', 'streaming'), reply('"…', 'streaming')];
    voice.observe([a, b], true);
    voice.observe(
      [
        { ...a, text: '"A."', status: 'complete' },
        { ...b, text: '"B."', status: 'complete' },
      ],
      false,
    );
    await settle();
    voice.stop();
    await settle();
    expect(voice.reading).toBeNull();
    expect(speech.said.map((u) => u.text)).toEqual(['A.']);
  });

  it('without voices, or without one of the character language, says why and reads nothing', async () => {
    const none = new ReadAloud(new FakeSpeech([]), chat(persona()));
    await none.load();
    expect(none.canRead).toBe(false);
    expect(english(none.problem ?? { key: 'voice.field' })).toMatch(/offers no voices/);
    const noChinese = new ReadAloud(new FakeSpeech([EN]), chat(persona('zh')));
    await noChinese.load();
    expect(noChinese.canRead).toBe(false);
    expect(none.problem?.key).toBe('voice.error.noVoices');
    expect(noChinese.problem?.key).toBe('voice.error.noVoiceForLanguage');
    await noChinese.play(reply('「你好。」'));
    expect(noChinese.error?.key).toBe('voice.error.noVoiceForLanguage');
    expect(noChinese.reading).toBeNull();
  });

  it('without speech synthesis it says so at once', () => {
    const voice = new ReadAloud(undefined, chat(persona()));
    expect(voice.problem?.key).toBe('voice.error.unavailable');
    expect(voice.canRead).toBe(false);
  });

  it("a reply with nothing spoken tells how to hear narration; the editor's Test reads a line in the persona's language", async () => {
    const speech = new FakeSpeech([EN, ZH]);
    const voice = new ReadAloud(speech, chat(persona()));
    await voice.play(reply('*She says nothing.*'));
    expect(voice.error?.key).toBe('voice.error.nothingToRead');
    const editor = new ReadAloud(speech);
    const testing = editor.test({ name: '林', language: 'zh', voice: { rate: 1.5, pitch: 1, narration: 'skip' }, greeting: '*看书*', form: 'line' });
    await settle();
    expect(editor.reading).toBe(TEST_READING);
    expect(speech.said.at(-1)).toMatchObject({ text: '你好，我是林。很高兴认识你。', voiceURI: 'ting-ting', rate: 1.5 });
    await editor.test({ name: '林', language: 'zh', voice: { rate: 1, pitch: 1, narration: 'skip' }, greeting: '', form: 'line' });
    await testing;
    expect(editor.reading).toBeNull();
  });
});
