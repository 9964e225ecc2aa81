import { connectPolicy, httpOrigin, LOCAL_SOURCES, matchesHostSource, MODEL_HOST_SOURCES, originsOf } from './content-security-policy.ts';

/** Which origins the page may connect to, as decided once at start-up. */
export interface ConnectPolicy {
  /** The user-configured origins allowed besides this site and the model hosts. */
  readonly origins: readonly string[];
  /** True when a request to `url` would pass the installed policy. */
  allows(url: string): boolean;
}

/**
 * Inserts `<meta http-equiv="Content-Security-Policy">` with the connect-src list into the
 * document's head (the browser enforces it from then on, together with the static policy of
 * index.html). Call it before the app makes its first request; it cannot be widened later.
 */
export function installConnectPolicy(doc: Document, pageOrigin: string, urls: readonly string[]): ConnectPolicy {
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = connectPolicy(urls);
  doc.head.append(meta);
  const origins = originsOf(urls);
  return {
    origins,
    allows(url: string): boolean {
      const origin = httpOrigin(url);
      if (!origin) return false;
      const sources = [...MODEL_HOST_SOURCES, ...LOCAL_SOURCES];
      return origin === pageOrigin || origins.includes(origin) || sources.some((s) => matchesHostSource(origin, s));
    },
  };
}
