import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors/index.ts';
import { closeJson, insideThinking, jsonAnswer, jsonObjectAnswer, readJson, stripThinking } from './llm-output.ts';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('thinking blocks', () => {
  it('knows when streamed output is still inside a leading think block', () => {
    expect(insideThinking('<th')).toBe(true);
    expect(insideThinking('<think>\nstill going')).toBe(true);
    expect(insideThinking('<think>\n\n</think>\n\nHi')).toBe(false);
    expect(insideThinking('Hi <think>')).toBe(false);
  });

  it('strips a leading think block (any case), keeps output without one, and says when one never closed', () => {
    expect(stripThinking('<think>\n\n</think>\n\nAlice: "Hi."')).toBe('Alice: "Hi."');
    expect(stripThinking('<THINK>reason</THINK> ok')).toBe('ok');
    expect(stripThinking('no thinking')).toBe('no thinking');
    expect(stripThinking('<think>never closed')).toBeNull();
  });
});

describe('readJson', () => {
  const summary = '{"topic":"Planning the trip","names":["Alice","Tom"],"numbers":["9:40"]}';

  it('reads bare JSON, fenced JSON and JSON inside prose, after a think block', () => {
    expect(readJson(` ${summary} `)).toMatchObject({ topic: 'Planning the trip' });
    expect(readJson('Here you go:\n```json\n{"a": [1, 2]}\n```\nDone.')).toEqual({ a: [1, 2] });
    expect(readJson(`Sure! Here is the summary:\n${summary}\nHope this helps {really}.`)).toMatchObject({ numbers: ['9:40'] });
    expect(readJson('<think>\n{"draft": 1}\n</think>\n[1, 2]')).toEqual([1, 2]);
  });

  it('handles braces inside strings and skips a broken candidate for a later valid one', () => {
    expect(readJson('Sure! {"mood": "happy }{ :)", "n": 2} hope it helps {')).toEqual({ mood: 'happy }{ :)', n: 2 });
    expect(readJson('{oops} then {"ok": true}')).toEqual({ ok: true });
  });

  it('never guesses: garbage, cut-off JSON and bare scalars give nothing, unless salvage is asked for', () => {
    for (const text of ['', 'no json here', '{"a": ', '42', '"text"']) expect(readJson(text)).toBeUndefined();
    expect(readJson('{"facts": [{"fact": "A"}, {"fact": "B"}, {"fa', { salvage: true })).toEqual({ facts: [{ fact: 'A' }, { fact: 'B' }] });
    expect(readJson('noise {"a": 1} trailing', { salvage: true })).toEqual({ a: 1 });
  });

  it('stays fast on long garbage full of brackets', () => {
    const start = performance.now();
    expect(readJson('['.repeat(200_000))).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('closes open strings, arrays and objects', () => {
    expect(closeJson('{"a":[1,{"b":"x')).toBe('{"a":[1,{"b":"x"}]}');
  });
});

describe('jsonAnswer / jsonObjectAnswer', () => {
  it('return the value, or throw typed errors for blank and unreadable answers', () => {
    expect(jsonAnswer('[1]')).toEqual([1]);
    expect(jsonObjectAnswer('x {"a": 1}')).toEqual({ a: 1 });
    expect(codeOf(() => jsonAnswer('   \n'))).toBe('empty');
    expect(codeOf(() => jsonAnswer('I cannot do that.'))).toBe('bad-json');
    expect(codeOf(() => jsonObjectAnswer('["a"]'))).toBe('bad-json');
    expect(codeOf(() => jsonObjectAnswer('{"topic": "cut off'))).toBe('bad-json');
  });
});
