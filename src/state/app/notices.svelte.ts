import type { Message } from '../../core/i18n/message.ts';
import { errorMessage } from './error-message.ts';

/** A message shown in the banner area (the interface says it in its language when shown). */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: Message;
}

/** App-wide banner messages (errors and information), dismissible. */
export class Notices {
  list = $state<Notice[]>([]);
  #next = 1;

  /** Shows what the user is told about an error. */
  error(error: unknown): void {
    this.#push('error', errorMessage(error));
  }

  info(text: Message): void {
    this.#push('info', text);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }

  /** Adds a notice unless the same message (key and values) is already shown; compared as data, since its text may not be loaded yet. */
  #push(kind: Notice['kind'], text: Message): void {
    const same = JSON.stringify(text);
    if (this.list.some((n) => JSON.stringify(n.text) === same)) return;
    this.list = [...this.list, { id: this.#next++, kind, text }];
  }
}
