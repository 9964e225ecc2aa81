/** The screens of the app, addressed by the URL hash so reload keeps the place. */
export type Route =
  | { name: 'personas' }
  | { name: 'new-persona' }
  | { name: 'persona'; personaId: string }
  | { name: 'edit-persona'; personaId: string }
  | { name: 'persona-eval'; personaId: string }
  | { name: 'persona-memory'; personaId: string }
  | { name: 'chat'; personaId: string; chatId: string; at?: { messageId: string; find: string } }
  | { name: 'engine' }
  | { name: 'data' }
  | { name: 'books' }
  | { name: 'book'; bookId: string }
  | { name: 'you' }
  | { name: 'import-card' }
  | { name: 'extract' };

/** Parses a location hash such as "#/persona/ID/chat/ID". */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b, c, d, e, f, g, h] = parts;
  if (a === 'engine') return { name: 'engine' };
  if (a === 'data') return { name: 'data' };
  if (a === 'books' && b) return { name: 'book', bookId: b };
  if (a === 'books') return { name: 'books' };
  if (a === 'you') return { name: 'you' };
  if (a === 'new') return { name: 'new-persona' };
  if (a === 'import') return { name: 'import-card' };
  if (a === 'extract') return { name: 'extract' };
  if (a === 'persona' && b && c === 'chat' && d) {
    // A search result: "…/chat/ID/message/ID/find/TEXT".
    const at = e === 'message' && f ? { messageId: f, find: g === 'find' ? (h ?? '') : '' } : undefined;
    return { name: 'chat', personaId: b, chatId: d, ...(at ? { at } : {}) };
  }
  if (a === 'persona' && b && c === 'edit') return { name: 'edit-persona', personaId: b };
  if (a === 'persona' && b && c === 'eval') return { name: 'persona-eval', personaId: b };
  if (a === 'persona' && b && c === 'memory') return { name: 'persona-memory', personaId: b };
  if (a === 'persona' && b) return { name: 'persona', personaId: b };
  return { name: 'personas' };
}

/** The hash for a route. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'personas':
      return '#/';
    case 'new-persona':
      return '#/new';
    case 'engine':
      return '#/engine';
    case 'data':
      return '#/data';
    case 'books':
      return '#/books';
    case 'book':
      return `#/books/${encodeURIComponent(route.bookId)}`;
    case 'you':
      return '#/you';
    case 'import-card':
      return '#/import';
    case 'extract':
      return '#/extract';
    case 'persona':
      return `#/persona/${encodeURIComponent(route.personaId)}`;
    case 'edit-persona':
      return `#/persona/${encodeURIComponent(route.personaId)}/edit`;
    case 'persona-eval':
      return `#/persona/${encodeURIComponent(route.personaId)}/eval`;
    case 'persona-memory':
      return `#/persona/${encodeURIComponent(route.personaId)}/memory`;
    case 'chat': {
      const chat = `#/persona/${encodeURIComponent(route.personaId)}/chat/${encodeURIComponent(route.chatId)}`;
      return route.at ? `${chat}/message/${encodeURIComponent(route.at.messageId)}/find/${encodeURIComponent(route.at.find)}` : chat;
    }
  }
}

/** The current route, following the URL hash. */
export class Router {
  route = $state<Route>({ name: 'personas' });
  #location: { hash: string };

  constructor(location: { hash: string }) {
    this.#location = location;
    this.route = parseRoute(location.hash);
  }

  /** Navigates to a route (the hash changes, so Back works). */
  go(route: Route): void {
    this.#location.hash = routeHash(route);
    this.route = route;
  }

  /** Updates from a hashchange event. */
  sync(hash: string): void {
    this.route = parseRoute(hash);
  }
}
