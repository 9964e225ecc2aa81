import type { Chat } from '../../core/chat.ts';
import type { ImportProgress } from '../../core/chat-files/import-chat.ts';
import type { SillyTavernChatReader } from '../../core/chat-files/sillytavern-chat.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import { detectLanguage, type Persona } from '../../core/persona/index.ts';
import { errorMessage } from '../app/error-message.ts';
import { storedText, type AppServices } from '../app/services.ts';
import { readPickedFile, type PickedFile } from '../persona/card-transfer.svelte.ts';
import type { PersonaStore } from '../persona/persona-store.svelte.ts';

/** Largest chat file read (a 100,000-message chat is about 30 MB). */
export const MAX_CHAT_FILE_BYTES = 200 * 1024 * 1024;

/** A file read and found well-formed, waiting for the user to pick the persona it goes to. */
export interface ChatImportReview {
  fileName: string;
  characterName: string;
  userName: string;
  messages: number;
  /** What the user should know (messages by other speakers kept with their names). */
  warnings: Message[];
  /** The persona named like the file's character, if there is one. */
  suggested: PersonaId | null;
}

/** The chat an import stored. */
export interface ChatImportResult {
  chat: Chat;
  messages: number;
  warnings: Message[];
}

/** Where the import is. */
export type ChatImportPhase = 'idle' | 'reading' | 'review' | 'storing';

/** The reader and the batch importer, loaded on first use (kept out of the initial download). */
const loadImporter = async () => ({
  ...(await import('../../core/chat-files/import-chat.ts')),
  ...(await import('../../core/chat-files/sillytavern-chat.ts')),
});

/**
 * The text of a chat file (UTF-8).
 * @throws ValidationError `binary` for a file that is not text.
 */
function chatText(bytes: Uint8Array, name: string): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  if (text.includes('\u0000')) throw new ValidationError('binary', msg('chatFile.error.binary', { name }));
  return text;
}

/** Lets the page draw and take clicks between steps. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Chat import (SillyTavern `.jsonl`): reads the file in steps with progress (nothing stored),
 * then, once the user picked the persona (an existing one, or a new one named like the file's
 * character), stores it in batches with progress. Cancel works in both phases; a cancelled or
 * failed import leaves nothing behind (not the chat, not the persona it created).
 */
export class ChatImport {
  phase = $state<ChatImportPhase>('idle');
  /** The file being read or imported. */
  fileName = $state('');
  progress = $state.raw<ImportProgress | null>(null);
  review = $state.raw<ChatImportReview | null>(null);
  result = $state.raw<ChatImportResult | null>(null);
  /** The last failure, naming the file, the line and the problem. */
  error = $state.raw<Message | null>(null);
  /** Said after a cancel. */
  note = $state.raw<Message | null>(null);
  #services: Pick<AppServices, 'repo' | 'now' | 'storedText'>;
  #personas: PersonaStore;
  #userFor: (name: string) => string | undefined;
  #onStored: (chat: Chat) => void;
  #reader: SillyTavernChatReader | null = null;
  #abort: AbortController | null = null;

  /**
   * `userFor(name)`: the id of the user's "you" going by that name, if any (the chat then uses
   * it); `onStored`: hears of every chat stored (to refresh a chat list on screen).
   */
  constructor(
    services: Pick<AppServices, 'repo' | 'now' | 'storedText'>,
    personas: PersonaStore,
    userFor: (name: string) => string | undefined = () => undefined,
    onStored: (chat: Chat) => void = () => undefined,
  ) {
    this.#services = services;
    this.#personas = personas;
    this.#userFor = userFor;
    this.#onStored = onStored;
  }

  /** True while reading or storing. */
  get busy(): boolean {
    return this.phase === 'reading' || this.phase === 'storing';
  }

  /**
   * Reads a chat file to the end. On success the import waits in `review` and true is returned;
   * on a malformed or foreign file `error` names the line and the problem, and nothing is stored.
   */
  async read(file: PickedFile): Promise<boolean> {
    if (this.busy) return false;
    this.#reset();
    this.phase = 'reading';
    this.fileName = file.name;
    const abort = (this.#abort = new AbortController());
    try {
      const { readInSteps, SillyTavernChatReader } = await loadImporter();
      // No local keeps the file's bytes or text: the reader drops its lines once read, freeing them.
      const reader = new SillyTavernChatReader(chatText(await readPickedFile(file, MAX_CHAT_FILE_BYTES), file.name), file.name);
      const finished = await readInSteps(reader, { pause, signal: abort.signal, onProgress: (p) => (this.progress = p) });
      if (!finished) {
        this.#cancelled();
        return false;
      }
      this.#reader = reader;
      const { header } = reader;
      const suggested = this.#personas.list.find((p) => p.name.trim().toLocaleLowerCase() === header.characterName.toLocaleLowerCase());
      this.review = {
        fileName: file.name,
        characterName: header.characterName,
        userName: header.userName,
        messages: reader.turns.length,
        warnings: reader.warnings,
        suggested: suggested?.id ?? null,
      };
      this.phase = 'review';
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      this.phase = 'idle';
      return false;
    } finally {
      this.progress = null;
      this.#abort = null;
    }
  }

  /**
   * Stores the file under review for `personaId`, or for a new persona named like its character
   * (`'new'`). Returns the chat, or null when cancelled or failed (then nothing is left).
   */
  async store(target: PersonaId | 'new'): Promise<Chat | null> {
    const reader = this.#reader;
    const review = this.review;
    if (!reader || !review || this.phase !== 'review') return null;
    this.phase = 'storing';
    this.error = null;
    const abort = (this.#abort = new AbortController());
    let created: Persona | null = null;
    try {
      const { storeInBatches } = await loadImporter();
      const personaId = target === 'new' ? (created = await this.#newPersona(reader)).id : target;
      const userName = reader.header.userName;
      const userPersonaId = userName === '' ? undefined : this.#userFor(userName);
      const fields = { fallbackTitle: storedText(this.#services, msg('chatImport.title')), ...(userPersonaId !== undefined ? { userPersonaId } : {}) };
      const steps = { pause, signal: abort.signal, onProgress: (p: ImportProgress) => (this.progress = p) };
      const outcome = await storeInBatches({ ...this.#services.repo, now: this.#services.now }, reader, personaId, fields, steps);
      if (outcome.kind === 'cancelled') {
        if (created) await this.#personas.remove(created.id);
        return this.#cancelled();
      }
      const chat = outcome.chat;
      this.result = { chat, messages: outcome.messages, warnings: review.warnings };
      this.review = null;
      this.#reader = null;
      this.phase = 'idle';
      this.#onStored(chat);
      return chat;
    } catch (error) {
      if (created) await this.#personas.remove(created.id).catch((e: unknown) => console.error('Could not remove the persona of a failed import', e));
      this.error = errorMessage(error);
      this.phase = 'review';
      return null;
    } finally {
      this.progress = null;
      this.#abort = null;
    }
  }

  /** Stops reading or storing; what was stored is removed again. */
  cancel(): void {
    this.#abort?.abort();
  }

  /** Drops the file under review, the result and any message. */
  dismiss(): void {
    if (this.busy) return;
    this.#reset();
    this.phase = 'idle';
  }

  #reset(): void {
    this.#reader = null;
    this.review = null;
    this.result = null;
    this.error = null;
    this.note = null;
  }

  #cancelled(): null {
    this.#reset();
    this.phase = 'idle';
    this.note = msg('chatImport.cancelled');
    return null;
  }

  /** A persona named like the file's character, in the language its messages are written in. */
  async #newPersona(reader: SillyTavernChatReader): Promise<Persona> {
    const sample = reader.turns
      .slice(0, 200)
      .map((t) => t.text)
      .join('\n');
    return this.#personas.create({ name: reader.header.characterName, language: detectLanguage(sample) });
  }
}
