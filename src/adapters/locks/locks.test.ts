import { afterEach, describe, expect, it } from 'vitest';
import type { ChatId } from '../../core/ids.ts';
import type { TabEvent } from '../../core/sync/tab-events.ts';
import { createBroadcastTabChannel } from './broadcast-tab-channel.ts';
import { createWebChatLocks, type LockManagerLike } from './web-chat-locks.ts';

/** A LockManager with the Web Locks semantics for `ifAvailable` requests, shared like one origin's. */
function fakeLockManager(): LockManagerLike {
  const held = new Set<string>();
  return {
    async request(name, _options, callback) {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
    query: async () => ({ held: [...held].map((name) => ({ name })), pending: [] }),
  };
}

describe('web chat locks', () => {
  it('two tabs on one origin: the second is told the chat is busy; held chats are listed', async () => {
    const origin = fakeLockManager();
    const tabA = createWebChatLocks(origin);
    const tabB = createWebChatLocks(origin);
    let release!: () => void;
    const running = tabA.withChatLock('c1' as ChatId, () => new Promise<void>((r) => (release = r)));
    await Promise.resolve();
    expect(await tabB.withChatLock('c1' as ChatId, async () => 'ran')).toEqual({ acquired: false });
    expect([...(await tabB.heldChats())]).toEqual(['c1']);
    release();
    await running;
    expect(await tabB.withChatLock('c1' as ChatId, async () => 'ran')).toEqual({ acquired: true, value: 'ran' });
    expect((await tabB.heldChats()).size).toBe(0);
  });

  it('falls back to tab-local locks without the Web Locks API', async () => {
    const locks = createWebChatLocks(undefined);
    expect(await locks.withChatLock('c1' as ChatId, async () => 3)).toEqual({ acquired: true, value: 3 });
  });
});

const channels: Array<{ close(): void }> = [];
afterEach(() => channels.splice(0).forEach((c) => c.close()));

describe('broadcast tab channel', () => {
  it('delivers well-formed events to the other tabs, not to the sender, and drops junk', async () => {
    const a = createBroadcastTabChannel('egos-test');
    const b = createBroadcastTabChannel('egos-test');
    const raw = new BroadcastChannel('egos-test');
    channels.push(a, b, raw);
    const gotA: TabEvent[] = [];
    const gotB: TabEvent[] = [];
    a.subscribe((e) => gotA.push(e));
    const stop = b.subscribe((e) => gotB.push(e));
    raw.postMessage({ type: 'nonsense' });
    a.publish({ type: 'messages', chatId: 'c1' as ChatId });
    await new Promise((r) => setTimeout(r, 50));
    expect(gotB).toEqual([{ type: 'messages', chatId: 'c1' }]);
    expect(gotA).toEqual([]);
    stop();
    a.publish({ type: 'personas' });
    await new Promise((r) => setTimeout(r, 50));
    expect(gotB).toHaveLength(1);
  });
});
