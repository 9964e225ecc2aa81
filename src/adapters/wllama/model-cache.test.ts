import { describe, expect, it } from 'vitest';
import { deleteModel, downloadModel, hasGgufMagic, isModelCached, openModel, partUrls, type CachedFileMeta, type ModelFileCache } from './model-cache.ts';

/** An in-memory stand-in for wllama's CacheManager with the same metadata rules. */
class FakeCache implements ModelFileCache {
  files = new Map<string, Uint8Array>();
  meta = new Map<string, CachedFileMeta>();
  downloads: string[] = [];
  constructor(private readonly remote: Record<string, { body: string; contentLength: boolean }>) {}
  async getNameFromURL(url: string) {
    return `key:${url}`;
  }
  async getSize(name: string) {
    return this.files.get(name)?.length ?? -1;
  }
  async getMetadata(name: string) {
    return this.meta.get(name) ?? null;
  }
  async writeMetadata(name: string, metadata: CachedFileMeta) {
    this.meta.set(name, metadata);
  }
  async download(url: string, options: { signal?: AbortSignal; progressCallback?: (p: { loaded: number; total: number }) => void }) {
    this.downloads.push(url);
    const file = this.remote[url];
    if (!file) throw new Error(`Failed to fetch ${url}: HTTP 404`);
    const bytes = new TextEncoder().encode(file.body);
    const total = file.contentLength ? bytes.length : 0;
    this.files.set(`key:${url}`, bytes.slice(0, 2));
    options.progressCallback?.({ loaded: 2, total });
    options.signal?.throwIfAborted();
    this.files.set(`key:${url}`, bytes);
    options.progressCallback?.({ loaded: bytes.length, total: total || bytes.length });
    this.meta.set(`key:${url}`, { originalURL: url, originalSize: total, etag: '' });
  }
  async open(url: string) {
    const bytes = this.files.get(`key:${url}`);
    return bytes ? new Blob([new Uint8Array(bytes)]) : null;
  }
  async delete(url: string) {
    this.files.delete(`key:${url}`);
    this.meta.delete(`key:${url}`);
  }
}

describe('partUrls', () => {
  it('lists every part of a split GGUF, keeping a query string', () => {
    expect(partUrls('https://h/m.gguf')).toEqual(['https://h/m.gguf']);
    expect(partUrls('https://h/m-00001-of-00003.gguf?x=1')).toEqual([
      'https://h/m-00001-of-00003.gguf?x=1',
      'https://h/m-00002-of-00003.gguf?x=1',
      'https://h/m-00003-of-00003.gguf?x=1',
    ]);
  });
});

describe('model cache', () => {
  it('downloads with progress, then counts as cached and opens without downloading again', async () => {
    const cache = new FakeCache({ 'https://h/m.gguf': { body: 'GGUF-weights', contentLength: true } });
    expect(await isModelCached(cache, 'https://h/m.gguf')).toBe(false);
    const seen: Array<[number, number, number, number]> = [];
    await downloadModel(cache, 'https://h/m.gguf', { onProgress: (...p) => seen.push(p) });
    expect(seen).toEqual([
      [1, 1, 2, 12],
      [1, 1, 12, 12],
    ]);
    expect(await isModelCached(cache, 'https://h/m.gguf')).toBe(true);
    await downloadModel(cache, 'https://h/m.gguf');
    expect(cache.downloads).toEqual(['https://h/m.gguf']);
    const [blob] = await openModel(cache, 'https://h/m.gguf');
    expect(await blob?.text()).toBe('GGUF-weights');
    expect(await hasGgufMagic(blob as Blob)).toBe(true);
  });

  it('records the real size when the server sent no Content-Length', async () => {
    const cache = new FakeCache({ 'https://h/m.gguf': { body: 'GGUF', contentLength: false } });
    await downloadModel(cache, 'https://h/m.gguf');
    expect(cache.meta.get('key:https://h/m.gguf')?.originalSize).toBe(4);
    expect(await isModelCached(cache, 'https://h/m.gguf')).toBe(true);
  });

  it('leaves a cancelled download uncached, and delete removes partial files', async () => {
    const cache = new FakeCache({ 'https://h/m.gguf': { body: 'GGUF-weights', contentLength: true } });
    const controller = new AbortController();
    const download = downloadModel(cache, 'https://h/m.gguf', { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(download).rejects.toMatchObject({ name: 'AbortError' });
    expect(await isModelCached(cache, 'https://h/m.gguf')).toBe(false);
    expect(cache.files.size).toBe(1);
    await deleteModel(cache, 'https://h/m.gguf');
    expect(cache.files.size).toBe(0);
    await expect(openModel(cache, 'https://h/m.gguf')).rejects.toThrow(/missing from the cache/);
  });

  it('needs every part of a split model', async () => {
    const url = 'https://h/m-00001-of-00002.gguf';
    const cache = new FakeCache({ [url]: { body: 'GGUF1', contentLength: true }, 'https://h/m-00002-of-00002.gguf': { body: 'two', contentLength: true } });
    await downloadModel(cache, url);
    expect(cache.downloads).toHaveLength(2);
    expect(await isModelCached(cache, url)).toBe(true);
    await cache.delete('https://h/m-00002-of-00002.gguf');
    expect(await isModelCached(cache, url)).toBe(false);
  });

  it('recognises a file that is not a GGUF', async () => {
    expect(await hasGgufMagic(new Blob(['<!DOCTYPE html>']))).toBe(false);
    expect(await hasGgufMagic(new Blob(['GG']))).toBe(false);
  });
});
