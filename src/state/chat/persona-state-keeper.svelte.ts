import type { Chat } from '../../core/chat.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Message } from '../../core/message.ts';
import type { Persona } from '../../core/persona/index.ts';
import {
  applyStateUpdate,
  buildStateUpdateRequest,
  editPersonaState,
  initialPersonaState,
  parseStateUpdate,
  shouldUpdateState,
  STATE_UPDATE_EVERY,
  type PersonaState,
} from '../../core/persona/index.ts';
import { collectText } from '../../core/llm-output.ts';
import { MAX_CATCH_UP_MESSAGES } from '../../core/conversation/background-work.ts';
import { msg, type Message as Said } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import { storedText, type AppServices } from '../app/services.ts';

/** The state a chat starts from: the persona's own start state, or a calm neutral one. */
export function startingState(persona: Persona): PersonaState {
  return initialPersonaState(persona.language, persona.initialState ?? {});
}

/** Number of character replies that answered the user (the greeting does not count). */
export function countReplies(messages: readonly Message[]): number {
  let seenUser = false;
  let replies = 0;
  for (const m of messages) {
    if (m.role === 'user') seenUser = true;
    else if (m.role === 'assistant' && seenUser && m.status === 'complete') replies++;
  }
  return replies;
}

/**
 * The character's evolving mood and closeness in one chat: written at the end of the system prompt,
 * updated by a constrained model call every few replies, editable by the user, saved on the chat.
 */
export class PersonaStateKeeper {
  /** The current state with its history of changes. */
  state = $state.raw<PersonaState>({ mood: '', closeness: 0, lastUpdateTurn: 0, initial: { mood: '', closeness: 0 }, history: [] });
  /** What the user is told about the last failed update (the state is left as it was). */
  notice = $state.raw<Said | null>(null);
  /** True while the model is asked for an update. */
  updating = $state(false);
  readonly persona: Persona;
  #services: Pick<AppServices, 'repo' | 'now' | 'storedText'>;
  #chat: Chat;
  #every: number;
  /** Turn of the last attempt, failed ones included, so a failure is not retried at once. */
  #lastTry = 0;

  /** `every`: character replies between two model updates. */
  constructor(services: Pick<AppServices, 'repo' | 'now' | 'storedText'>, chat: Chat, persona: Persona, every = STATE_UPDATE_EVERY) {
    this.#services = services;
    this.#chat = chat;
    this.persona = persona;
    this.#every = every;
    this.state = chat.personaState ?? startingState(persona);
    this.#lastTry = this.state.lastUpdateTurn;
  }

  /** Reads the chat's stored state (another tab may have changed it). */
  async load(): Promise<void> {
    const stored = await this.#services.repo.chats.get(this.#chat.id);
    if (stored?.personaState) this.state = stored.personaState;
    this.#lastTry = this.state.lastUpdateTurn;
  }

  /** True when enough replies have passed since the last update (or attempt). */
  due(messages: readonly Message[]): boolean {
    return shouldUpdateState(countReplies(messages), Math.max(this.state.lastUpdateTurn, this.#lastTry), this.#every);
  }

  /**
   * When an update is due, asks the model how the character feels now — reading the messages
   * since the last update (at most {@link MAX_CATCH_UP_MESSAGES}: the update may have waited) —
   * and saves the bounded change. A failure leaves the state as it was and sets `notice`.
   */
  async update(engine: LlmEngine, messages: readonly Message[]): Promise<void> {
    if (!this.due(messages)) return;
    const turn = countReplies(messages);
    const since = turn - Math.max(this.state.lastUpdateTurn, this.#lastTry);
    this.#lastTry = turn;
    this.updating = true;
    try {
      const window = Math.min(MAX_CATCH_UP_MESSAGES, Math.max(2 * this.#every, 2 * since));
      const recent = messages.filter((m) => m.status === 'complete').slice(-window);
      const current = this.state;
      const request = buildStateUpdateRequest(this.persona, current, recent);
      const { text } = await collectText(engine, request);
      const next = applyStateUpdate(current, parseStateUpdate(text, current), { at: this.#services.now(), turnSeq: turn });
      await this.#save(next);
      this.notice = null;
    } catch (error) {
      this.notice = msg('chat.moodFailed', { why: errorMessage(error) });
    } finally {
      this.updating = false;
    }
  }

  /** Saves the user's own mood and closeness; returns the problem to show, or null when saved. */
  async edit(edit: { mood: string; closeness: number }, messages: readonly Message[], reason = ''): Promise<Said | null> {
    try {
      const stamp = { at: this.#services.now(), turnSeq: countReplies(messages) };
      await this.#save(editPersonaState(this.state, edit, stamp, reason || storedText(this.#services, msg('chat.moodEditedByYou'))));
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }

  /** Stores the state on the freshest copy of the chat, then shows it. */
  async #save(next: PersonaState): Promise<void> {
    const stored = (await this.#services.repo.chats.get(this.#chat.id)) ?? this.#chat;
    await this.#services.repo.chats.put({ ...$state.snapshot(stored), personaState: next });
    this.state = next;
  }
}
