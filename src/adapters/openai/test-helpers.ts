/** Shared helpers for this adapter's tests (not used by the product). */
import { createServer } from 'node:net';
import type { CompletionEvent, CompletionRequest } from '../../core/llm-engine.ts';

/** Collects every event of a stream. */
export async function collect(stream: AsyncIterable<CompletionEvent>): Promise<CompletionEvent[]> {
  const events: CompletionEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Joins the text of the delta events. */
export function textOf(events: CompletionEvent[]): string {
  return events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
}

/** A chat request with one user message. */
export function chat(content = 'Hi', extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return { input: { kind: 'chat', messages: [{ role: 'user', content }] }, ...extra };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Resolves with the error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
