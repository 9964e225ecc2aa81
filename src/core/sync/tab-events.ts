import type { ChatId, PersonaId } from '../ids.ts';

/** What changed in storage, announced to the app's other open tabs. */
export type TabEvent =
  /** A persona was saved or deleted. */
  | { type: 'personas' }
  /** A chat of this persona was saved or deleted. */
  | { type: 'chats'; personaId: PersonaId }
  /** A message of this chat was saved, changed or deleted. */
  | { type: 'messages'; chatId: ChatId }
  /** A memory of this persona (and chat, for chat memories) was saved or deleted; no persona when unknown. */
  | { type: 'memories'; personaId?: PersonaId; chatId?: ChatId }
  /** A setting was saved. */
  | { type: 'settings'; key: string }
  /** An evaluation run of this persona was saved or deleted. */
  | { type: 'eval-runs'; personaId: PersonaId }
  /** A world book was saved or deleted. */
  | { type: 'books' }
  /** Everything may have changed (a backup was restored). */
  | { type: 'everything' };

/** Sends and receives {@link TabEvent}s between the app's tabs. */
export interface TabChannel {
  /** Tells the other tabs (never this one) about a change. */
  publish(event: TabEvent): void;
  /** Calls `listener` for every event another tab publishes; returns an unsubscribe function. */
  subscribe(listener: (event: TabEvent) => void): () => void;
}

const WITH_NOTHING = new Set(['personas', 'everything']);

function isId(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

/** True when a value received from another tab is a well-formed {@link TabEvent}. */
export function isTabEvent(value: unknown): value is TabEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  if (typeof e.type !== 'string') return false;
  if (WITH_NOTHING.has(e.type)) return true;
  if (e.type === 'chats' || e.type === 'eval-runs') return isId(e.personaId);
  if (e.type === 'messages') return isId(e.chatId);
  if (e.type === 'memories') return (e.personaId === undefined || isId(e.personaId)) && (e.chatId === undefined || isId(e.chatId));
  if (e.type === 'settings') return typeof e.key === 'string';
  return false;
}
