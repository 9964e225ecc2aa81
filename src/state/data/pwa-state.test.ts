import { describe, expect, it } from 'vitest';
import { english } from '../../core/i18n/message.ts';
import { PwaState, type ServiceWorkerEvents, type ServiceWorkerPort } from './pwa-state.svelte.ts';

function fakeWorker() {
  let events: ServiceWorkerEvents | null = null;
  let registrations = 0;
  let updates = 0;
  const port: ServiceWorkerPort = {
    register(e) {
      registrations++;
      events = e;
      return { applyUpdate: async () => void updates++ };
    },
  };
  return { port, emit: () => events, counts: () => ({ registrations, updates }) };
}

describe('PwaState', () => {
  it('registers once and shows "update available" until the user reloads', async () => {
    const sw = fakeWorker();
    const pwa = new PwaState(sw.port);
    pwa.start();
    pwa.start();
    expect(sw.counts().registrations).toBe(1);
    sw.emit()?.needRefresh();
    expect(pwa.needRefresh).toBe(true);
    await pwa.update();
    expect(sw.counts().updates).toBe(1);
    expect(pwa.updating).toBe(true);
  });

  it('reports offline readiness, and Later hides the prompts', () => {
    const sw = fakeWorker();
    const pwa = new PwaState(sw.port);
    pwa.start();
    sw.emit()?.offlineReady();
    expect(pwa.offlineReady).toBe(true);
    pwa.dismiss();
    expect([pwa.offlineReady, pwa.needRefresh]).toEqual([false, false]);
  });

  it('says plainly when the service worker could not be installed', () => {
    const sw = fakeWorker();
    const pwa = new PwaState(sw.port);
    pwa.start();
    const warn = console.warn;
    console.warn = () => {};
    sw.emit()?.error(new Error('SecurityError'));
    console.warn = warn;
    expect(pwa.error && english(pwa.error)).toMatch(/Offline use is not available/);
  });

  it('does nothing without a service worker (dev server)', async () => {
    const pwa = new PwaState(null);
    pwa.start();
    await pwa.update();
    expect(pwa.needRefresh).toBe(false);
  });
});
