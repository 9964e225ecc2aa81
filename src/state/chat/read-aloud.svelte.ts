import type { Message as Said } from '../../core/i18n/message.ts';
import { SpeechError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { Message } from '../../core/message.ts';
import type { Persona, PersonaLanguage, PersonaVoice, ReplyForm } from '../../core/persona/index.ts';
import { noVoiceError, readingPlan, testLine, voicesFor, type Speech, type SpeechVoice, type Utterance } from '../../core/voice.ts';
import { errorMessage } from '../app/error-message.ts';

/** What reading aloud needs from the outside world (part of `AppServices`). */
export interface VoiceServices {
  /** The browser's speech synthesis; absent where the browser has none (read aloud then says why). */
  speech?: Speech;
}

/** What {@link ReadAloud} needs of the open chat. */
export interface ReadAloudChat {
  /** The chat's character (a group chat's host): its language decides whether the chat can be read at all. */
  readonly persona: Persona;
  /** The character who said a message (its voice and language read it). */
  speakerOf(message: Message): Persona;
  /** The form a character's replies take in this chat. */
  formOf(speaker: Persona): ReplyForm;
  /** True while the chat's "Read replies aloud" switch is on. */
  readonly autoRead: boolean;
}

/** What the persona editor's *Test* reads: the persona as edited. */
export interface VoiceTest {
  name: string;
  language: PersonaLanguage;
  voice: PersonaVoice;
  greeting: string;
  form: ReplyForm;
}

/** The id {@link ReadAloud.reading} has while the editor's test plays. */
export const TEST_READING = 'test';

/** How many utterances of the greeting the editor's *Test* reads. */
const TEST_UTTERANCES = 3;

/**
 * Reading replies aloud in one chat (or, without a chat, the persona editor's *Test*): which
 * message is being read, play and stop, and auto-read: a reply this tab wrote is read when it
 * completes, if the chat's switch is on (never a reply loaded from storage or written by another
 * tab). Replies that complete while another is read wait their turn. Problems are messages.
 */
export class ReadAloud {
  /** The voices of this system ([] until {@link load} has run, and where there are none). */
  voices = $state.raw<SpeechVoice[]>([]);
  /** True once {@link load} has asked for the voices. */
  loaded = $state(false);
  /** The message being read (its id), {@link TEST_READING} for the editor's test, or null. */
  reading = $state<string | null>(null);
  /** Why the last reading failed, or null. */
  error = $state.raw<Said | null>(null);
  readonly #speech: Speech | undefined;
  readonly #chat: ReadAloudChat | undefined;
  #abort: AbortController | null = null;
  #loading: Promise<void> | null = null;
  /** Replies this tab is writing: each is read when it completes (if the switch is on). */
  readonly #writing = new Set<string>();
  /** Completed replies waiting to be read after the one being read. */
  #queue: Message[] = [];

  constructor(speech: Speech | undefined, chat?: ReadAloudChat) {
    this.#speech = speech;
    this.#chat = chat;
  }

  /** Asks the system for its voices once (they may arrive a moment after the page loads). */
  load(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        this.voices = this.#speech ? await this.#speech.voices() : [];
      } catch (error) {
        this.error = errorMessage(error);
      }
      this.loaded = true;
    })();
    return this.#loading;
  }

  /**
   * Why nothing can be read here, once the voices are known: the browser has no speech
   * synthesis, no voices, or (in a chat) none of the character's language. Null when reading works
   * (or the voices are still being asked for).
   */
  get problem(): Said | null {
    if (!this.#speech) return msg('voice.error.unavailable');
    if (!this.loaded) return null;
    const language = this.#chat?.persona.language;
    if (this.voices.length === 0 || (language && voicesFor(this.voices, language).length === 0)) {
      return noVoiceError(this.voices, language ?? 'en').text;
    }
    return null;
  }

  /** True when replies can be read (the play buttons show). */
  get canRead(): boolean {
    return this.#speech !== undefined && this.loaded && this.problem === null;
  }

  /** Reads `message` (stopping anything being read), or stops it when it is the one being read. */
  toggle(message: Message): Promise<void> {
    if (this.reading === message.id) {
      this.stop();
      return Promise.resolve();
    }
    return this.play(message);
  }

  /** Reads the spoken parts of a character's message with its speaker's voice, stopping anything being read. */
  async play(message: Message): Promise<void> {
    this.stop();
    await this.#read(message);
  }

  /** Stops reading (also the replies waiting to be auto-read). */
  stop(): void {
    this.#queue = [];
    this.#abort?.abort();
    this.#abort = null;
    this.reading = null;
  }

  /**
   * Follows the chat's messages (call after each change): a reply seen being written while this
   * tab generates is read once it completes, when the chat's switch is on.
   */
  observe(messages: readonly Message[], generating: boolean): void {
    const done: Message[] = [];
    for (const m of messages) {
      if (m.role !== 'assistant') continue;
      if (m.status === 'streaming') {
        if (generating) this.#writing.add(m.id);
      } else if (this.#writing.delete(m.id) && m.status === 'complete') done.push(m);
    }
    if (done.length === 0 || !this.#chat?.autoRead || !this.canRead) return;
    if (this.reading === null) {
      const [first, ...rest] = done;
      this.#queue.push(...rest);
      if (first) void this.#read(first);
    } else this.#queue.push(...done);
  }

  /** The persona editor's *Test*: reads the greeting's first sentences (or a short line) with `persona`'s settings; again stops it. */
  async test(persona: VoiceTest): Promise<void> {
    if (this.reading === TEST_READING) return this.stop();
    this.stop();
    await this.#run(TEST_READING, async () => {
      const request = { language: persona.language, voice: persona.voice };
      let plan: Utterance[] = [];
      if (persona.greeting.trim() !== '') {
        try {
          plan = readingPlan({ ...request, text: persona.greeting, form: persona.form }, this.voices).slice(0, TEST_UTTERANCES);
        } catch (error) {
          if (!(error instanceof SpeechError && error.code === 'nothing-to-read')) throw error;
        }
      }
      return plan.length > 0 ? plan : readingPlan({ ...request, text: testLine(persona.name, persona.language), form: 'line' }, this.voices);
    });
  }

  async #read(message: Message): Promise<void> {
    const chat = this.#chat;
    if (!chat) return;
    await this.#run(message.id, () => {
      const speaker = chat.speakerOf(message);
      return Promise.resolve(readingPlan({ text: message.text, form: chat.formOf(speaker), language: speaker.language, voice: speaker.voice }, this.voices));
    });
    // A reading started meanwhile (play, or a failure that emptied the queue) keeps its turn.
    if (this.reading !== null) return;
    const next = this.#queue.shift();
    if (next) await this.#read(next);
  }

  /** Speaks the utterances `plan` makes, as `id`; a stop ends it quietly, a failure sets {@link error}. */
  async #run(id: string, plan: () => Promise<Utterance[]>): Promise<void> {
    const speech = this.#speech;
    const controller = new AbortController();
    this.#abort = controller;
    this.reading = id;
    this.error = null;
    try {
      if (!speech) throw new SpeechError('unavailable', msg('voice.error.unavailable'));
      await this.load();
      for (const utterance of await plan()) {
        if (controller.signal.aborted) break;
        await speech.speak(utterance, controller.signal);
      }
    } catch (error) {
      if (!controller.signal.aborted) {
        this.error = errorMessage(error);
        this.#queue = [];
      }
    } finally {
      if (this.#abort === controller) {
        this.#abort = null;
        this.reading = null;
      }
    }
  }
}
