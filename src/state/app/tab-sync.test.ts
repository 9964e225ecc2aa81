import { describe, expect, it } from 'vitest';
import type { ChatId, PersonaId } from '../../core/ids.ts';
import type { TabChannel, TabEvent } from '../../core/sync/tab-events.ts';
import { TabSync, type TabSyncTarget } from './tab-sync.svelte.ts';

function fakeChannel() {
  const listeners = new Set<(e: TabEvent) => void>();
  const channel: TabChannel = { publish: () => {}, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
  return { channel, emit: (e: TabEvent) => listeners.forEach((l) => l(e)), size: () => listeners.size };
}

function target(log: string[], delayMs = 0): TabSyncTarget {
  const step = (name: string) => async () => {
    log.push(`${name}:start`);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    log.push(`${name}:end`);
  };
  return {
    personas: { load: step('personas') },
    users: { load: step('users') },
    books: { load: step('books') },
    chats: { persona: { id: 'p1' as PersonaId }, load: step('chats') },
    session: { chat: { id: 'c1' as ChatId, personaId: 'p1' as PersonaId }, refresh: step('messages'), summaries: { load: step('summaries') } },
    onError: (e) => log.push(`error:${String(e)}`),
  };
}

describe('TabSync', () => {
  it('reloads only what another tab changed and what is open here', async () => {
    const log: string[] = [];
    const sync = new TabSync(undefined, target(log));
    await sync.handle({ type: 'messages', chatId: 'other' as ChatId });
    await sync.handle({ type: 'chats', personaId: 'p2' as PersonaId });
    await sync.handle({ type: 'settings', key: 'engine' });
    expect(log).toEqual([]);
    await sync.handle({ type: 'messages', chatId: 'c1' as ChatId });
    await sync.handle({ type: 'personas' });
    await sync.handle({ type: 'memories', personaId: 'p1' as PersonaId, chatId: 'c1' as ChatId });
    await sync.handle({ type: 'settings', key: 'userPersonas' });
    expect(log.filter((l) => l.endsWith(':end'))).toEqual(['messages:end', 'personas:end', 'summaries:end', 'users:end']);
    log.length = 0;
    await sync.handle({ type: 'books' });
    await sync.handle({ type: 'settings', key: 'books' });
    expect(log.filter((l) => l.endsWith(':end'))).toEqual(['books:end', 'books:end']);
    log.length = 0;
    await sync.handle({ type: 'everything' });
    expect(log.filter((l) => l.endsWith(':end')).sort()).toEqual(['books:end', 'chats:end', 'messages:end', 'personas:end', 'summaries:end', 'users:end']);
  });

  it('coalesces a burst of events into at most one more reload', async () => {
    const log: string[] = [];
    const sync = new TabSync(undefined, target(log, 20));
    const burst = Array.from({ length: 10 }, () => sync.handle({ type: 'messages', chatId: 'c1' as ChatId }));
    await Promise.all(burst);
    await new Promise((r) => setTimeout(r, 60));
    expect(log).toEqual(['messages:start', 'messages:end', 'messages:start', 'messages:end']);
    expect(sync.received).toBe(10);
  });

  it('listens on the channel between start and stop, and reports failed reloads', async () => {
    const { channel, emit, size } = fakeChannel();
    const log: string[] = [];
    const t = target(log);
    const sync = new TabSync(channel, { ...t, personas: { load: async () => Promise.reject(new Error('db gone')) } });
    sync.start();
    sync.start();
    expect(size()).toBe(1);
    emit({ type: 'personas' });
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['error:Error: db gone']);
    sync.stop();
    expect(size()).toBe(0);
  });
});
