import { errorText } from './error-text.ts';

/** A message shown in the banner area. */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** App-wide banner messages (errors and information), dismissible. */
export class Notices {
  list = $state<Notice[]>([]);
  #next = 1;

  /** Shows the user-facing text of an error. */
  error(error: unknown): void {
    this.#push('error', errorText(error));
  }

  info(text: string): void {
    this.#push('info', text);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }

  #push(kind: Notice['kind'], text: string): void {
    if (this.list.some((n) => n.text === text)) return;
    this.list = [...this.list, { id: this.#next++, kind, text }];
  }
}
