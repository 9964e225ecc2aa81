import type { CacheManager, Wllama } from '@wllama/wllama/esm/index.js';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';

type WllamaModule = typeof import('@wllama/wllama/esm/index.js');

let loading: Promise<WllamaModule> | null = null;

/**
 * Loads the wllama library on first use (its JavaScript embeds the worker code).
 * @throws EngineError `engine-failed` when the code cannot be fetched (e.g. offline before the first use).
 */
export function loadWllama(): Promise<WllamaModule> {
  loading ??= import('@wllama/wllama/esm/index.js').catch((error: unknown) => {
    loading = null;
    throw new EngineError('engine-failed', msg('engine.wllama.codeNotLoaded'), { cause: error });
  });
  return loading;
}

/** True when this browser offers 64-bit WebAssembly memory, which wllama's build needs. */
export function hasWasmMemory64(): boolean {
  try {
    const descriptor = { initial: 1n, address: 'i64' } as unknown as WebAssembly.MemoryDescriptor;
    new WebAssembly.Memory(descriptor);
    return true;
  } catch (error) {
    console.info('No 64-bit WebAssembly memory here:', error);
    return false;
  }
}

/**
 * Checks that the CPU engine can run in this browser.
 * @throws EngineError `engine-failed` naming what is missing and what to do instead.
 */
export function assertCpuEngineSupported(): void {
  if (typeof WebAssembly === 'undefined' || !hasWasmMemory64()) {
    throw new EngineError('engine-failed', msg('engine.wllama.noMemory64'));
  }
}

const quietLogger = {
  debug: () => {},
  log: () => {},
  warn: (...args: unknown[]) => console.warn('[wllama]', ...args),
  error: (...args: unknown[]) => console.error('[wllama]', ...args),
};

/** The browser cache wllama keeps models in (Origin Private File System). */
export async function createModelCache(): Promise<CacheManager> {
  const lib = await loadWllama();
  return new lib.CacheManager();
}

/**
 * A wllama instance that uses the app's own copy of the WebAssembly file (served with the
 * app, so nothing is fetched from a CDN and it works offline) and the given model cache.
 */
export async function createWllama(cache: CacheManager): Promise<Wllama> {
  const lib = await loadWllama();
  const wllama = new lib.Wllama({ default: wasmUrl }, { cacheManager: cache, logger: quietLogger });
  wllama.setCompat(null);
  return wllama;
}
