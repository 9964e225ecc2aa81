import type { Chat } from '../chat.ts';
import { english, msg } from '../i18n/message.ts';
import { newId, type ChatId, type MessageId } from '../ids.ts';
import type { Message, MessageVariant } from '../message.ts';
import type { Persona } from '../persona/index.ts';
import { namesOf, personaText } from '../persona/index.ts';
import type { ChatRepository, MessageRepository } from '../repository.ts';
import { activeVariantIndex, removeVariant, replaceActiveVariant, variantsOf } from './variants.ts';

/** Storage ports used to start chats and record the user's lines. */
export interface ChatPorts {
  chats: ChatRepository;
  messages: MessageRepository;
  now: () => number;
}

/**
 * The persona's greetings as the chat shows them: the first message, then the alternates, with
 * `{{char}}` / `{{user}}` (and `<BOT>` / `<USER>`) replaced by the names and line endings
 * normalised. This is where card text enters the chat, so it is replaced here, once.
 */
export function greetingsOf(persona: Persona): string[] {
  const names = namesOf(persona);
  return [persona.greeting, ...persona.alternateGreetings].map((g) => personaText(g, names)).filter((g) => g !== '');
}

/**
 * Creates a chat with the persona's greeting as its first message; alternate greetings
 * become swipes (variants) of that message. `persona.user.name` must hold the user's name
 * (it replaces `{{user}}` in the greetings). With `group` (see `groupFields`) it is a group chat
 * whose host, `persona`, greets.
 * @throws StorageError when the chat cannot be saved.
 */
export async function startChat(
  ports: ChatPorts,
  persona: Persona,
  title?: string,
  group?: Pick<Chat, 'members' | 'turnOrder'>,
): Promise<{ chat: Chat; messages: Message[] }> {
  const at = ports.now();
  const chat: Chat = { id: newId<ChatId>(), personaId: persona.id, title: title ?? `Chat with ${persona.name}`, createdAt: at, updatedAt: at, ...group };
  await ports.chats.put(chat);
  const greetings = greetingsOf(persona);
  if (greetings.length === 0) return { chat, messages: [] };
  const variants: MessageVariant[] = greetings.map((text) => ({ text, status: 'complete', createdAt: at }));
  const greeting: Message = {
    id: newId<MessageId>(),
    chatId: chat.id,
    seq: 0,
    role: 'assistant',
    text: greetings[0] ?? '',
    status: 'complete',
    createdAt: at,
    updatedAt: at,
    ...(variants.length > 1 ? { variants, activeVariant: 0 } : {}),
    ...(group ? { speakerId: persona.id } : {}),
  };
  await ports.messages.put(greeting);
  return { chat, messages: [greeting] };
}

/**
 * The chat's greeting as written for another user: when the chat's "you" changes, each greeting
 * (and alternate greeting swipe) still exactly as `before` wrote it is rewritten for `after`
 * (so `{{user}}` follows the new name). Null when `message` is not the chat's untouched greeting
 * (a later message, a greeting edited by hand) or nothing changes; regenerated swipes stay.
 */
export function regreet(message: Message, before: Persona, after: Persona, now: number): Message | null {
  if (message.seq !== 0 || message.role !== 'assistant' || message.editedAt !== undefined) return null;
  const old = greetingsOf(before);
  const fresh = greetingsOf(after);
  const rewrite = (text: string): string => {
    const i = old.indexOf(text);
    return i < 0 ? text : (fresh[i] ?? text);
  };
  const variants = message.variants?.map((v) => ({ ...v, text: rewrite(v.text) }));
  const text = rewrite(message.text);
  const changed = text !== message.text || (variants ?? []).some((v, i) => v.text !== message.variants?.[i]?.text);
  if (!changed) return null;
  return { ...message, text, ...(variants ? { variants } : {}), updatedAt: now };
}

/**
 * Stores the user's line (before any generation starts) and touches the chat.
 * @throws StorageError when it cannot be saved; nothing is generated then.
 */
export async function addUserMessage(ports: ChatPorts, chat: Chat, text: string): Promise<Message> {
  const at = ports.now();
  const seq = (await ports.messages.lastSeq(chat.id)) + 1;
  const message: Message = { id: newId<MessageId>(), chatId: chat.id, seq, role: 'user', text, status: 'complete', createdAt: at, updatedAt: at };
  await ports.messages.put(message);
  await ports.chats.put({ ...chat, updatedAt: at });
  return message;
}

/**
 * A reply left `streaming` as it should stay: `interrupted` (crash) with its text, or `error`
 * when it had none. A regenerated variant that never got text is dropped instead, so the
 * earlier variant shows again.
 */
function recoveredReply(m: Message, at: number): Message {
  const variants = variantsOf(m);
  const active = activeVariantIndex(m);
  if (!m.text && variants.length > 1) return removeVariant(m, active, at);
  const text = msg('conversation.error.closedBeforeReply');
  const error = { code: 'crash', message: english(text), text };
  return replaceActiveVariant(m, { status: m.text ? 'interrupted' : 'error', interruptReason: 'crash', ...(m.text ? {} : { error }) }, at);
}

/**
 * Marks replies left `streaming` by a crash or closed tab as interrupted, except those of
 * chats still generating elsewhere (`isActive`). Returns the messages it changed.
 * @throws StorageError when they cannot be updated.
 */
export async function recoverInterruptedReplies(
  messages: MessageRepository,
  isActive: (chatId: ChatId) => boolean | Promise<boolean>,
  now: () => number,
): Promise<Message[]> {
  const changed: Message[] = [];
  for (const m of await messages.listStreaming()) {
    if (await isActive(m.chatId)) continue;
    const fixed = recoveredReply(m, now());
    await messages.put(fixed);
    changed.push(fixed);
  }
  return changed;
}
