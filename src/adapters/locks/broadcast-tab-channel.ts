import { isTabEvent, type TabChannel, type TabEvent } from '../../core/sync/tab-events.ts';

/** The name of the BroadcastChannel the app's tabs talk on. */
export const TAB_CHANNEL_NAME = 'egos';

/**
 * Tab events over a BroadcastChannel (same origin, every tab and worker). Messages that are
 * not well-formed events are ignored. Where BroadcastChannel is missing, events go nowhere.
 */
export function createBroadcastTabChannel(name = TAB_CHANNEL_NAME): TabChannel & { close(): void } {
  if (typeof BroadcastChannel === 'undefined') return { publish: () => {}, subscribe: () => () => {}, close: () => {} };
  const channel = new BroadcastChannel(name);
  const listeners = new Set<(event: TabEvent) => void>();
  channel.onmessage = (message: MessageEvent<unknown>) => {
    if (!isTabEvent(message.data)) return;
    for (const listener of listeners) listener(message.data);
  };
  return {
    publish: (event) => channel.postMessage(event),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => channel.close(),
  };
}
