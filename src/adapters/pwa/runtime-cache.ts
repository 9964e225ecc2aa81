/**
 * Names of the service worker's runtime cache for lazily loaded chunks and wasm (the model
 * engines). Bump the version when the caching changes; older caches are then deleted.
 * Imported by vite.config.ts (the generated service worker) and by the page.
 */
export const RUNTIME_CACHE_PREFIX = 'egos-lazy-';
export const RUNTIME_CACHE = `${RUNTIME_CACHE_PREFIX}v1`;

/** The subset of CacheStorage this module needs. */
export interface CacheStorageLike {
  keys(): Promise<string[]>;
  delete(name: string): Promise<boolean>;
}

/** Deletes runtime caches of earlier versions; returns the names deleted. */
export async function pruneRuntimeCaches(storage: CacheStorageLike, current = RUNTIME_CACHE): Promise<string[]> {
  const stale = (await storage.keys()).filter((name) => name.startsWith(RUNTIME_CACHE_PREFIX) && name !== current);
  await Promise.all(stale.map((name) => storage.delete(name)));
  return stale;
}
