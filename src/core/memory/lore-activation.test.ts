import { describe, expect, it } from 'vitest';
import type { LoreEntry } from '../persona/index.ts';
import { containsKey, firstMatchingKey, foldForMatch } from './key-match.ts';
import { activateLore, fireLore } from './lore-activation.ts';

function entry(id: string, keys: string[], extra: Partial<LoreEntry> = {}): LoreEntry {
  return {
    id,
    keys,
    secondaryKeys: [],
    selective: false,
    content: `lore ${id}`,
    enabled: true,
    constant: false,
    caseSensitive: false,
    insertionOrder: 100,
    extra: {},
    ...extra,
  };
}

const ids = (xs: Array<{ entry: LoreEntry }>): string[] => xs.map((x) => x.entry.id);
const chars = { id: 'chars', count: (s: string) => s.length };

describe('key matching', () => {
  it('finds a Chinese key inside a Chinese sentence', () => {
    expect(firstMatchingKey('昨天我在大观园里看见了林黛玉在葬花', ['宝玉', '黛玉'], false)).toBe('黛玉');
  });

  it('keeps word boundaries for Latin keys', () => {
    expect(containsKey('concatenate strings', 'cat')).toBe(false);
    expect(containsKey('my cat, sleeping', 'cat')).toBe(true);
    expect(containsKey("the cat's toy", 'cat')).toBe(true);
  });

  it('treats CJK neighbours of a Latin key as boundaries', () => {
    expect(firstMatchingKey('我喜欢Alice的猫', ['alice'], false)).toBe('alice');
  });

  it('honours case sensitivity', () => {
    expect(firstMatchingKey('I met ALICE', ['Alice'], true)).toBeUndefined();
    expect(firstMatchingKey('I met ALICE', ['Alice'], false)).toBe('Alice');
    expect(foldForMatch('ＡＢＣ', false)).toBe('abc');
  });
});

describe('activateLore', () => {
  const messages = ['Where is the old tower?', '我们去了长安城，那里下着雨。'];

  it('fires entries whose keys occur in the scanned messages', () => {
    const fired = activateLore([entry('city', ['长安']), entry('tower', ['tower']), entry('sea', ['ocean'])], messages);
    expect(ids(fired)).toEqual(['city', 'tower']);
    expect(fired[0]!.reason).toBe('key "长安"');
  });

  it('scans only the last scanDepth messages', () => {
    expect(ids(activateLore([entry('tower', ['tower'])], messages, { scanDepth: 1 }))).toEqual([]);
  });

  it('requires a secondary key for selective entries', () => {
    const both = entry('both', ['长安'], { selective: true, secondaryKeys: ['雨'] });
    const missing = entry('missing', ['长安'], { selective: true, secondaryKeys: ['雪'] });
    const fired = activateLore([both, missing], messages);
    expect(ids(fired)).toEqual(['both']);
    expect(fired[0]!.reason).toBe('key "长安" + secondary "雨"');
  });

  it('always fires constant entries and never disabled ones', () => {
    const fired = activateLore([entry('always', ['nothing'], { constant: true }), entry('off', ['tower'], { enabled: false })], messages);
    expect(ids(fired)).toEqual(['always']);
    expect(fired[0]!.reason).toBe('constant');
  });

  it('keeps the highest priority within budget and returns insertion order', () => {
    const entries = [
      entry('low', ['tower'], { priority: 1, insertionOrder: 1, content: 'x'.repeat(10) }),
      entry('high', ['tower'], { priority: 9, insertionOrder: 3, content: 'y'.repeat(10) }),
      entry('mid', ['tower'], { priority: 5, insertionOrder: 2, content: 'z'.repeat(10) }),
    ];
    expect(ids(fireLore(entries, messages))).toEqual(['high', 'mid', 'low']);
    expect(ids(activateLore(entries, messages, { budget: 20, tokenCounter: chars }))).toEqual(['mid', 'high']);
  });
});
