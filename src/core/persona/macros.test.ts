import { describe, expect, it } from 'vitest';
import { substituteMacros, substituteOriginal } from './macros.ts';

const names = { char: 'Mozart', user: 'Anna' };

describe('substituteMacros', () => {
  it('replaces {{char}} and {{user}} in any case and with inner spaces', () => {
    expect(substituteMacros('{{char}} greets {{user}}; {{CHAR}}/{{User}}/{{ char }}', names)).toBe('Mozart greets Anna; Mozart/Anna/Mozart');
  });

  it('replaces the legacy <BOT> and <USER> markers', () => {
    expect(substituteMacros('<BOT>: hi <USER>, <bot>', names)).toBe('Mozart: hi Anna, Mozart');
  });

  it('inserts names literally, even with $ patterns', () => {
    expect(substituteMacros('{{user}}', { char: 'x', user: '$& $1 $$' })).toBe('$& $1 $$');
  });

  it('leaves other macros and text alone', () => {
    expect(substituteMacros('{{random}} {{chars}} <START> {char}', names)).toBe('{{random}} {{chars}} <START> {char}');
  });
});

describe('substituteOriginal', () => {
  it('replaces every {{original}} in any case', () => {
    expect(substituteOriginal('A {{original}} B {{ Original }}', 'X$1')).toBe('A X$1 B X$1');
  });
});
