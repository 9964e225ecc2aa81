import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.ts';

async function drain<T>(queue: AsyncQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('AsyncQueue', () => {
  it('delivers items pushed before and while reading, then ends on close', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    const reading = drain(queue);
    await Promise.resolve();
    queue.push(2);
    setTimeout(() => {
      queue.push(3);
      queue.close();
      queue.push(4);
    }, 5);
    expect(await reading).toEqual([1, 2, 3]);
  });

  it('throws a failure after the items that came before it', async () => {
    const queue = new AsyncQueue<string>();
    queue.push('a');
    queue.fail(new Error('boom'));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual(['a']);
  });
});
