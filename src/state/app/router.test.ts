import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './router.svelte.ts';

describe('routes', () => {
  it('reads back every hash it writes, a chat opened at a search result included', () => {
    const routes: Route[] = [
      { name: 'personas' },
      { name: 'persona', personaId: 'p 1' },
      { name: 'chat', personaId: 'p1', chatId: 'c/1' },
      { name: 'chat', personaId: 'p1', chatId: 'c1', at: { messageId: 'm-7', find: '花满天 / 50%' } },
      { name: 'books' },
      { name: 'book', bookId: 'b/1 世界' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('opens a chat at a message without search text, and ignores a malformed tail', () => {
    expect(parseRoute('#/persona/p1/chat/c1/message/m-7')).toEqual({ name: 'chat', personaId: 'p1', chatId: 'c1', at: { messageId: 'm-7', find: '' } });
    expect(parseRoute('#/persona/p1/chat/c1/other/x')).toEqual({ name: 'chat', personaId: 'p1', chatId: 'c1' });
  });
});
