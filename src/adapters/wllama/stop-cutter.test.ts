import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StopCutter } from './stop-cutter.ts';

function run(stops: readonly string[], chunks: string[]): { out: string; stopped: boolean } {
  const cutter = new StopCutter(stops);
  let out = '';
  for (const c of chunks) out += cutter.push(c);
  out += cutter.flush();
  return { out, stopped: cutter.stopped };
}

describe('StopCutter', () => {
  it('emits exactly the text before the stop string, also inside one chunk', () => {
    expect(run(['"'], ['Hello', ' there.', '"\nMe:', ' "Hi'])).toEqual({ out: 'Hello there.', stopped: true });
    expect(run(['"'], ['Hello there."\nMe: "Hi'])).toEqual({ out: 'Hello there.', stopped: true });
  });

  it('finds a stop string split across chunks and holds back its beginning meanwhile', () => {
    const cutter = new StopCutter(['\nMe:']);
    expect(cutter.push('Fine')).toBe('Fine');
    expect(cutter.push('.\n')).toBe('.');
    expect(cutter.push('M')).toBe('');
    expect(cutter.push('e: again')).toBe('');
    expect(cutter.stopped).toBe(true);
    expect(cutter.push('more')).toBe('');
  });

  it('releases held-back text when it turns out not to be a stop string', () => {
    const cutter = new StopCutter(['\nMe:']);
    expect(cutter.push('one\n')).toBe('one');
    expect(cutter.push('two')).toBe('\ntwo');
    expect(cutter.push('\nM')).toBe('');
    expect(cutter.flush()).toBe('\nM');
    expect(cutter.stopped).toBe(false);
  });

  it('cuts at the earliest of several stop strings', () => {
    expect(run(['\nAda:', '"'], ['a "b" \nAda: c']).out).toBe('a ');
    expect(run(['」', '\n我：'], ['你好\n我：嗯」'])).toEqual({ out: '你好', stopped: true });
  });

  it('passes everything through without stop strings (empty ones are ignored)', () => {
    expect(run([], ['a', '"b"'])).toEqual({ out: 'a"b"', stopped: false });
    expect(run([''], ['abc'])).toEqual({ out: 'abc', stopped: false });
  });

  it('matches cutting the whole text at once, however the text is chunked', () => {
    const alphabet = fc.constantFrom('a', 'b', '"', '\n', 'M', 'e', ':', ' ');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: alphabet, maxLength: 6 }), { maxLength: 12 }),
        fc.constantFrom(['"'], ['\nMe:'], ['\nMe:', '"', 'ab']),
        (chunks, stops) => {
          const whole = chunks.join('');
          const at = Math.min(...stops.map((s) => whole.indexOf(s)).map((i) => (i < 0 ? Infinity : i)));
          const expected = at === Infinity ? whole : whole.slice(0, at);
          expect(run(stops, chunks)).toEqual({ out: expected, stopped: at !== Infinity });
        },
      ),
    );
  });
});
