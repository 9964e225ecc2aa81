/**
 * Group chats: several personas in one chat. Who is in it (members, muted or not), who speaks
 * next (the character addressed by name, else the chat's turn order), and the changes a user
 * makes mid-chat (add, remove, mute), each checked so a bad change stores nothing.
 *
 * A chat is a group chat when it has `members`; `Chat.personaId` is then its first member (the
 * host: the chat is listed with that persona, and its greeting opened the chat). Each character
 * reply of a group chat names its speaker (`Message.speakerId`), and texts that say who said what
 * (summaries, facts, exports) name it by its speaker's name.
 */
import type { Chat } from './chat.ts';
import { ValidationError } from './errors/index.ts';
import { msg } from './i18n/message.ts';
import type { PersonaId } from './ids.ts';
import type { Message } from './message.ts';
import type { Persona } from './persona/index.ts';

/** One character of a group chat. A muted member is never picked to speak (a button still makes it speak). */
export interface GroupMember {
  personaId: PersonaId;
  muted?: boolean;
}

/**
 * Who speaks after the user's line when no character is addressed by name: the next member in
 * the list after the last one who spoke, one at random (never the last speaker when another can),
 * or nobody until the user picks.
 */
export type TurnOrder = 'list' | 'random' | 'pick';

export const TURN_ORDERS: readonly TurnOrder[] = ['list', 'random', 'pick'];

/** Most characters in one group chat (each one's card goes into every prompt). */
export const MAX_GROUP_MEMBERS = 8;

/** True when the chat has members (a group chat), even if only one is left. */
export function isGroupChat(chat: Pick<Chat, 'members'>): boolean {
  return (chat.members?.length ?? 0) > 0;
}

/** The chat's members in order; a one-to-one chat has its persona as its only member. */
export function membersOf(chat: Pick<Chat, 'members' | 'personaId'>): GroupMember[] {
  return chat.members && chat.members.length > 0 ? chat.members.map((m) => ({ ...m })) : [{ personaId: chat.personaId }];
}

/** The persona that said a character message: its speaker, else (one-to-one chats, older messages) the chat's persona. */
export function speakerOf(message: Pick<Message, 'speakerId'>, chat: Pick<Chat, 'personaId'>): PersonaId {
  return message.speakerId ?? chat.personaId;
}

/**
 * A new group chat's fields for these personas (in this order, at least two, no repeats, at
 * most {@link MAX_GROUP_MEMBERS}): the first is the host.
 * @throws ValidationError naming what is wrong with the list.
 */
export function groupFields(personaIds: readonly PersonaId[], turnOrder: TurnOrder = 'list'): Pick<Chat, 'personaId' | 'members' | 'turnOrder'> {
  const unique = [...new Set(personaIds)];
  if (unique.length !== personaIds.length) throw new ValidationError('invalid', msg('group.error.repeated'));
  if (unique.length < 2) throw new ValidationError('invalid', msg('group.error.tooFew'));
  if (unique.length > MAX_GROUP_MEMBERS) throw new ValidationError('invalid', msg('group.error.tooMany', { max: MAX_GROUP_MEMBERS }));
  return { personaId: unique[0] as PersonaId, members: unique.map((personaId) => ({ personaId })), turnOrder };
}

/**
 * The chat with `personaId` added at the end of its members (a one-to-one chat becomes a group
 * chat with its persona first).
 * @throws ValidationError when the persona is already in it or the group is full.
 */
export function addMember(chat: Chat, personaId: PersonaId): Chat {
  const members = membersOf(chat);
  if (members.some((m) => m.personaId === personaId)) throw new ValidationError('invalid', msg('group.error.alreadyIn'));
  if (members.length >= MAX_GROUP_MEMBERS) throw new ValidationError('invalid', msg('group.error.tooMany', { max: MAX_GROUP_MEMBERS }));
  return { ...chat, members: [...members, { personaId }], turnOrder: chat.turnOrder ?? 'list' };
}

/**
 * The chat without `personaId` among its members. What it said stays in the chat (and in the
 * prompt, under its name); when the host leaves, the next member becomes the host.
 * @throws ValidationError when it is not a member or it is the last one.
 */
export function removeMember(chat: Chat, personaId: PersonaId): Chat {
  const members = membersOf(chat);
  if (!members.some((m) => m.personaId === personaId)) throw new ValidationError('invalid', msg('group.error.notIn'));
  const rest = members.filter((m) => m.personaId !== personaId);
  if (rest.length === 0) throw new ValidationError('invalid', msg('group.error.lastMember'));
  return { ...chat, personaId: (rest[0] as GroupMember).personaId, members: rest };
}

/**
 * The chat with a member muted or not.
 * @throws ValidationError when it is not a member, or muting it would leave nobody to speak.
 */
export function setMuted(chat: Chat, personaId: PersonaId, muted: boolean): Chat {
  const members = membersOf(chat);
  if (!members.some((m) => m.personaId === personaId)) throw new ValidationError('invalid', msg('group.error.notIn'));
  const next = members.map((m): GroupMember => (m.personaId !== personaId ? m : muted ? { personaId, muted: true } : { personaId }));
  if (next.every((m) => m.muted)) throw new ValidationError('invalid', msg('group.error.allMuted'));
  return { ...chat, members: next };
}

/** Scripts written without spaces: a name matches inside a sentence. */
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/**
 * Letters and digits of scripts written with spaces; a Latin name's match must not touch one on
 * either side. A Chinese character next to it is a boundary (`Tobin你好`).
 */
function isWordChar(ch: string): boolean {
  return /[\p{L}\p{N}_]/u.test(ch) && !NO_SPACES.test(ch);
}

/** Where `name` first appears in `text` as a name (whole word for Latin names, anywhere for Chinese), or -1. */
function nameAt(text: string, name: string): number {
  const needle = name.trim().toLocaleLowerCase();
  if (needle === '') return -1;
  const haystack = text.toLocaleLowerCase();
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (NO_SPACES.test(needle)) return at;
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    if ((before === undefined || !isWordChar(before)) && (after === undefined || !isWordChar(after))) return at;
  }
  return -1;
}

/** The names a character answers to: its full name and, for a Latin name of several words, its first word. */
function callNames(persona: Pick<Persona, 'name'>): string[] {
  const name = persona.name.trim();
  const first = name.split(/\s+/)[0] ?? '';
  return first !== name && first.length >= 3 && !NO_SPACES.test(first) ? [name, first] : [name];
}

/**
 * The member the user's line addresses: the one whose name comes first in it (muted ones too:
 * naming a character asks for it), else null.
 */
export function addressedIn(line: string, members: readonly Pick<Persona, 'id' | 'name'>[]): PersonaId | null {
  let best: { id: PersonaId; at: number } | null = null;
  for (const member of members) {
    for (const name of callNames(member)) {
      const at = nameAt(line, name);
      if (at >= 0 && (best === null || at < best.at)) best = { id: member.id, at };
    }
  }
  return best?.id ?? null;
}

/**
 * Who answers the user's newest line in a group chat: the member it addresses by name, else
 * the chat's turn order among the members not muted (see {@link TurnOrder}); null with `pick`
 * (the user chooses) or when nobody can speak. `random` is a number in [0, 1).
 */
export function nextSpeaker(chat: Chat, members: readonly Pick<Persona, 'id' | 'name'>[], history: readonly Message[], random: () => number): PersonaId | null {
  const inChat = membersOf(chat);
  const present = members.filter((p) => inChat.some((m) => m.personaId === p.id));
  const line = history.findLast((m) => m.role === 'user');
  const addressed = line ? addressedIn(line.text, present) : null;
  if (addressed) return addressed;
  const order = chat.turnOrder ?? 'list';
  const open = inChat.filter((m) => !m.muted && present.some((p) => p.id === m.personaId)).map((m) => m.personaId);
  if (order === 'pick' || open.length === 0) return null;
  const lastReply = history.findLast((m) => m.role === 'assistant');
  const last = lastReply ? speakerOf(lastReply, chat) : null;
  if (order === 'random') {
    const choices = open.length > 1 ? open.filter((id) => id !== last) : open;
    return choices[Math.min(choices.length - 1, Math.floor(random() * choices.length))] as PersonaId;
  }
  const all = inChat.map((m) => m.personaId);
  const from = last === null ? -1 : all.indexOf(last);
  for (let step = 1; step <= all.length; step++) {
    const id = all[(from + step + all.length) % all.length] as PersonaId;
    if (open.includes(id)) return id;
  }
  return null;
}

/**
 * The names of a group chat's characters by persona id: every one that speaks in it (members, and
 * earlier speakers that left), for texts that say who said what (summaries, facts, exports).
 */
export type CastNames = ReadonlyMap<string, string>;

/** The name a character message is said under: its speaker's in `cast`, else `characterName` (one-to-one chats, older messages, a speaker not in `cast`). */
export function speakerName(message: Pick<Message, 'speakerId'>, characterName: string, cast?: CastNames): string {
  return (message.speakerId === undefined ? undefined : cast?.get(message.speakerId)) ?? characterName;
}

/**
 * The characters' names, each once, for a text that names them all: `characterName` first (a
 * group chat's host), then the cast in its order; without a cast, `characterName` alone, as given.
 */
export function castList(characterName: string, cast: CastNames | undefined): string[] {
  if (cast === undefined || cast.size === 0) return [characterName];
  return [...new Set([characterName, ...cast.values()].map((n) => n.trim()).filter((n) => n !== ''))];
}
