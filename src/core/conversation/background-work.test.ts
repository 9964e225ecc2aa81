import { describe, expect, it } from 'vitest';
import { backgroundDecision, MAX_WAITING_REPLIES, type BackgroundDue } from './background-work.ts';

const none: BackgroundDue = { summary: false, facts: false, mood: false };
const mood: BackgroundDue = { ...none, mood: true };

describe('backgroundDecision', () => {
  it('is idle when nothing is due', () => {
    expect(backgroundDecision({ promptCache: 'chat', due: none, cacheWarm: false, waited: 0 })).toBe('idle');
  });

  it('runs due work at once on engines without a prompt cache (servers)', () => {
    expect(backgroundDecision({ promptCache: 'none', due: mood, cacheWarm: true, waited: 0 })).toBe('run');
  });

  it('keeps a warm cache: facts and mood wait after a clean reply on WebLLM and on the CPU engine', () => {
    expect(backgroundDecision({ promptCache: 'chat', due: mood, cacheWarm: true, waited: 0 })).toBe('wait');
    expect(backgroundDecision({ promptCache: 'prefix', due: { ...none, facts: true }, cacheWarm: true, waited: 3 })).toBe('wait');
  });

  it('runs everything due when a summary is due (the prompt start changes anyway) or the reply did not end cleanly', () => {
    expect(backgroundDecision({ promptCache: 'chat', due: { summary: true, facts: true, mood: true }, cacheWarm: true, waited: 0 })).toBe('run');
    expect(backgroundDecision({ promptCache: 'chat', due: mood, cacheWarm: false, waited: 0 })).toBe('run');
  });

  it('never lets work wait more than MAX_WAITING_REPLIES replies', () => {
    expect(backgroundDecision({ promptCache: 'chat', due: mood, cacheWarm: true, waited: MAX_WAITING_REPLIES - 2 })).toBe('wait');
    expect(backgroundDecision({ promptCache: 'chat', due: mood, cacheWarm: true, waited: MAX_WAITING_REPLIES - 1 })).toBe('run');
  });
});
