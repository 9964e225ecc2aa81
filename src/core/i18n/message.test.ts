import { describe, expect, it } from 'vitest';
import { interpolate, placeholdersOf } from './message.ts';

describe('interpolate', () => {
  it('fills every placeholder, numbers included, and repeats', () => {
    expect(interpolate('{a} and {b}, then {a} again ({n})', { a: 'x', b: 'y', n: 3 })).toBe('x and y, then x again (3)');
  });

  it('leaves a text without params, and a placeholder without a value, unchanged', () => {
    expect(interpolate('No {gap} here')).toBe('No {gap} here');
    expect(interpolate('{known} {unknown}', { known: 'k' })).toBe('k {unknown}');
  });

  it('does not read placeholders inside the values it inserts', () => {
    expect(interpolate('{a}{b}', { a: '{b}', b: 'B' })).toBe('{b}B');
  });

  it('inserts 0 and the empty string (a falsy value is still a value)', () => {
    expect(interpolate('[{n}][{s}]', { n: 0, s: '' })).toBe('[0][]');
  });
});

describe('placeholdersOf', () => {
  it('lists the names in order, with repeats', () => {
    expect(placeholdersOf('{b} x {a} {b}')).toEqual(['b', 'a', 'b']);
    expect(placeholdersOf('plain')).toEqual([]);
  });
});
