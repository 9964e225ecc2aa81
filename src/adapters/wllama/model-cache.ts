/**
 * GGUF files in wllama's browser cache (its `CacheManager`, backed by the Origin Private File
 * System): whether a model is fully downloaded, downloading it with progress and cancel,
 * opening it, deleting it. Split models (`name-00001-of-00003.gguf`) are handled as their parts.
 */

/** What a cached file's metadata holds (wllama writes it after a complete download). */
export interface CachedFileMeta {
  originalURL: string;
  originalSize: number;
  etag: string;
}

/** The part of wllama's `CacheManager` used here. */
export interface ModelFileCache {
  getNameFromURL(url: string): Promise<string>;
  getSize(name: string): Promise<number>;
  getMetadata(name: string): Promise<CachedFileMeta | null>;
  writeMetadata(name: string, metadata: CachedFileMeta): Promise<void>;
  download(url: string, options: { signal?: AbortSignal; progressCallback?: (p: { loaded: number; total: number }) => void }): Promise<void>;
  open(nameOrUrl: string): Promise<Blob | null>;
  delete(nameOrUrl: string): Promise<void>;
}

const SPLIT = /-(\d{5})-of-(\d{5})\.gguf(\?.*)?$/i;

/** The URLs of all parts of a model: the URL itself, or each part of a split GGUF. */
export function partUrls(url: string): string[] {
  const m = SPLIT.exec(url);
  if (!m) return [url];
  const total = Number(m[2]);
  const base = url.slice(0, m.index);
  return Array.from({ length: total }, (_, i) => `${base}-${String(i + 1).padStart(5, '0')}-of-${m[2]}.gguf${m[3] ?? ''}`);
}

async function isPartCached(cache: ModelFileCache, url: string): Promise<boolean> {
  const name = await cache.getNameFromURL(url);
  const [size, meta] = await Promise.all([cache.getSize(name), cache.getMetadata(name)]);
  return size > 0 && meta !== null && meta.originalURL === url && meta.originalSize === size;
}

/** True when every part of the model is completely in the cache. */
export async function isModelCached(cache: ModelFileCache, url: string): Promise<boolean> {
  const parts = await Promise.all(partUrls(url).map((u) => isPartCached(cache, u)));
  return parts.every(Boolean);
}

/**
 * Downloads the parts that are not cached yet, one after another. `onProgress` gets the part
 * number (1-based), the part count and that part's bytes so far and total.
 * @throws the fetch or storage error as is (an `AbortError` when `signal` aborts).
 */
export async function downloadModel(
  cache: ModelFileCache,
  url: string,
  options: { signal?: AbortSignal; onProgress?: (part: number, parts: number, loaded: number, total: number) => void } = {},
): Promise<void> {
  const urls = partUrls(url);
  for (const [i, partUrl] of urls.entries()) {
    options.signal?.throwIfAborted();
    if (await isPartCached(cache, partUrl)) continue;
    await cache.download(partUrl, {
      signal: options.signal,
      progressCallback: ({ loaded, total }) => options.onProgress?.(i + 1, urls.length, loaded, total),
    });
    await recordSizeWhenUnknown(cache, partUrl);
  }
}

/** A server that sent no Content-Length leaves size 0 in the metadata; store the real size so the file counts as cached. */
async function recordSizeWhenUnknown(cache: ModelFileCache, url: string): Promise<void> {
  const name = await cache.getNameFromURL(url);
  const [size, meta] = await Promise.all([cache.getSize(name), cache.getMetadata(name)]);
  if (meta && meta.originalURL === url && meta.originalSize === 0 && size > 0) {
    await cache.writeMetadata(name, { ...meta, originalSize: size });
  }
}

/**
 * The cached parts as Blobs, in order.
 * @throws Error when a part is missing.
 */
export async function openModel(cache: ModelFileCache, url: string): Promise<Blob[]> {
  return Promise.all(
    partUrls(url).map(async (u) => {
      const blob = await cache.open(u);
      if (!blob) throw new Error(`Model file missing from the cache: ${u}`);
      return blob;
    }),
  );
}

/** Deletes every part (complete or partial) of the model from the cache. */
export async function deleteModel(cache: ModelFileCache, url: string): Promise<void> {
  for (const u of partUrls(url)) await cache.delete(u);
}

/** True when the blob starts with the GGUF magic bytes. */
export async function hasGgufMagic(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  return String.fromCharCode(...head) === 'GGUF';
}
