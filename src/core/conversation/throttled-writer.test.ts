import { describe, expect, it } from 'vitest';
import { createThrottledWriter } from './throttled-writer.ts';

function manualTimers() {
  const queue: Array<() => void> = [];
  return {
    timers: { setTimeout: (fn: () => void) => (queue.push(fn), queue.length), clearTimeout: () => void queue.splice(0) },
    fire: () => queue.splice(0).forEach((fn) => fn()),
  };
}

describe('createThrottledWriter', () => {
  it('saves only the latest value per interval', async () => {
    const saved: number[] = [];
    const { timers, fire } = manualTimers();
    const w = createThrottledWriter<number>(
      async (v) => void saved.push(v),
      100,
      () => {},
      timers,
    );
    w.update(1);
    w.update(2);
    w.update(3);
    fire();
    await w.flush();
    expect(saved).toEqual([3]);
  });

  it('flush saves what is pending immediately', async () => {
    const saved: string[] = [];
    const w = createThrottledWriter<string>(
      async (v) => void saved.push(v),
      10_000,
      () => {},
    );
    w.update('x');
    await w.flush();
    expect(saved).toEqual(['x']);
  });

  it('reports a failed save and retries the value on the next flush', async () => {
    const saved: string[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const w = createThrottledWriter<string>(
      async (v) => {
        if (fail) throw new Error('full');
        saved.push(v);
      },
      10_000,
      (e) => errors.push(e),
    );
    w.update('kept');
    await w.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    await w.flush();
    expect(saved).toEqual(['kept']);
  });
});
