/**
 * The app's Content-Security-Policy, as pure strings. Two policies work together:
 *
 * 1. {@link basePolicy}: in the built index.html (and, where the host allows, as a header). It
 *    restricts scripts, styles, images, workers, plugins, `<base>` and forms, and has no
 *    `default-src` and no `connect-src`, so it leaves connections to the second policy.
 * 2. {@link connectPolicy}: inserted by main.ts before the app makes any request, listing
 *    this site, the model hosts and the origins the user configured (their endpoint, their
 *    self-hosted models). Browsers enforce every policy, so the result is their intersection:
 *    a new origin needs a reload to be allowed.
 *
 * Imported by vite.config.ts (build time) and by the connect-policy adapter (run time).
 */

/**
 * Hosts the model libraries download from: Hugging Face (weights for WebLLM, transformers.js
 * and GGUF files for wllama; `/resolve/` URLs redirect to its CDN hosts under hf.co and
 * huggingface.co) and GitHub's raw host (WebLLM's compiled model libraries).
 */
export const MODEL_HOST_SOURCES: readonly string[] = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com',
];

/**
 * Model servers on this machine (Ollama, llama.cpp server, LM Studio), on any port: text sent
 * there stays on the device, and switching between local servers needs no reload. (`http:`
 * sources also match https; IPv6 literals cannot be written in a policy.)
 */
export const LOCAL_SOURCES: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*'];

/** Directives of the static policy (everything but connections). */
export const BASE_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'font-src': ["'self'", 'data:'],
  'media-src': ["'self'", 'blob:', 'data:'],
  'worker-src': ["'self'", 'blob:'],
  'manifest-src': ["'self'"],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** Directives only a response header can carry (a `<meta>` policy ignores them with a warning). */
export const HEADER_ONLY_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'frame-ancestors': ["'none'"],
};

/** Serializes directives as a policy string. */
export function serializePolicy(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The static policy for the `<meta>` element of index.html. */
export function basePolicy(): string {
  return serializePolicy(BASE_DIRECTIVES);
}

/** The static policy as a response header (adds `frame-ancestors`). */
export function headerPolicy(): string {
  return serializePolicy({ ...BASE_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES });
}

/** The origin (scheme://host:port) of an http(s) URL, or null for anything else. */
export function httpOrigin(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
}

/** The distinct http(s) origins of the given URLs, in order. */
export function originsOf(urls: readonly string[]): string[] {
  return [...new Set(urls.map(httpOrigin).filter((o): o is string => o !== null))];
}

/** The connection policy: this site, the model hosts, servers on this machine and the origins of `urls`. */
export function connectPolicy(urls: readonly string[]): string {
  const origins = originsOf(urls).filter((o) => !LOCAL_SOURCES.some((s) => matchesHostSource(o, s)));
  return serializePolicy({ 'connect-src': ["'self'", ...MODEL_HOST_SOURCES, ...LOCAL_SOURCES, ...origins] });
}

/**
 * True when `origin` matches a host source: exact (`https://huggingface.co`), any subdomain
 * depth (`https://*.hf.co`), or any port (`http://localhost:*`; an http source also admits https).
 */
export function matchesHostSource(origin: string, source: string): boolean {
  const url = new URL(origin);
  const anyPort = /^(https?):\/\/([^/*]+):\*$/.exec(source);
  if (anyPort) return url.hostname === anyPort[2] && (url.protocol === `${anyPort[1]}:` || (anyPort[1] === 'http' && url.protocol === 'https:'));
  const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(source);
  if (!wildcard) return origin === source;
  return url.protocol === `${wildcard[1]}:` && url.hostname.endsWith(`.${wildcard[2]}`) && url.port === '';
}
