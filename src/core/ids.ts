/** Branded string ids so a chat id cannot be passed where a persona id is expected. */
export type PersonaId = string & { readonly __brand: 'PersonaId' };
export type ChatId = string & { readonly __brand: 'ChatId' };
export type MessageId = string & { readonly __brand: 'MessageId' };
export type MemoryId = string & { readonly __brand: 'MemoryId' };

/** A new random id (UUID v4) of the requested brand. */
export function newId<T extends string>(): T {
  return globalThis.crypto.randomUUID() as T;
}
