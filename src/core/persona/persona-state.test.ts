import { describe, expect, it } from 'vitest';
import { mozart, mozartZh, thrownCode } from './fixtures.test-support.ts';
import {
  applyStateUpdate,
  CLOSENESS_MAX,
  CLOSENESS_MIN,
  cleanMood,
  editPersonaState,
  initialPersonaState,
  renderPersonaState,
  shouldUpdateState,
  stateAtTurn,
} from './persona-state.ts';
import { buildStateUpdateRequest, parseStateUpdate } from './state-update-request.ts';

const stamp = (turnSeq: number) => ({ at: 1_000 + turnSeq, turnSeq });

describe('shouldUpdateState', () => {
  it('fires every N turns', () => {
    expect(shouldUpdateState(3, 0)).toBe(false);
    expect(shouldUpdateState(4, 0)).toBe(true);
    expect(shouldUpdateState(7, 4)).toBe(false);
    expect(shouldUpdateState(8, 4)).toBe(true);
    expect(shouldUpdateState(2, 0, 2)).toBe(true);
    expect(shouldUpdateState(10, 0, 0)).toBe(false);
  });

  it('counts from zero when the chat was rewound before the last update', () => {
    expect(shouldUpdateState(3, 8)).toBe(false);
    expect(shouldUpdateState(5, 8)).toBe(true);
  });
});

describe('state updates', () => {
  it('moves closeness by at most one step per update and keeps it in the scale', () => {
    let state = initialPersonaState('en');
    state = applyStateUpdate(state, { mood: 'delighted', closenessDelta: 5, reason: 'She praised his opera.' }, stamp(4));
    expect(state.closeness).toBe(1);
    for (let i = 0; i < 10; i++) state = applyStateUpdate(state, { mood: null, closenessDelta: 1, reason: '' }, stamp(8 + i));
    expect(state.closeness).toBe(CLOSENESS_MAX);
    for (let i = 0; i < 10; i++) state = applyStateUpdate(state, { mood: null, closenessDelta: -9, reason: '' }, stamp(20 + i));
    expect(state.closeness).toBe(CLOSENESS_MIN);
    expect(state.mood).toBe('delighted');
  });

  it('keeps the history of every change, oldest first', () => {
    const a = applyStateUpdate(initialPersonaState('en'), { mood: 'curious', closenessDelta: 1, reason: 'She asked about music.' }, stamp(4));
    const b = editPersonaState(a, { closeness: 3 }, stamp(5), 'I set it');
    expect(b.history).toEqual([
      { at: 1004, turnSeq: 4, mood: 'curious', closeness: 1, reason: 'She asked about music.', source: 'model' },
      { at: 1005, turnSeq: 5, mood: 'curious', closeness: 3, reason: 'I set it', source: 'user' },
    ]);
    expect(b.lastUpdateTurn).toBe(5);
    expect(a.history).toHaveLength(1);
  });

  it('lets the user set any value inside the scale', () => {
    const edited = editPersonaState(initialPersonaState('en'), { mood: '  sulky  ', closeness: 99 }, stamp(1));
    expect(edited).toMatchObject({ mood: 'sulky', closeness: CLOSENESS_MAX });
  });

  it('rewinds to an earlier turn, or to the initial state', () => {
    let state = initialPersonaState('en', { mood: 'shy', closeness: -1 });
    state = applyStateUpdate(state, { mood: 'warmer', closenessDelta: 1, reason: '' }, stamp(4));
    state = applyStateUpdate(state, { mood: 'happy', closenessDelta: 1, reason: '' }, stamp(8));
    expect(stateAtTurn(state, 6)).toMatchObject({ mood: 'warmer', closeness: 0, lastUpdateTurn: 4 });
    expect(stateAtTurn(state, 6).history).toHaveLength(1);
    expect(stateAtTurn(state, 2)).toMatchObject({ mood: 'shy', closeness: -1, lastUpdateTurn: 0, history: [] });
  });

  it('cleans moods to one short line without quotes', () => {
    expect(cleanMood('"Happy."')).toBe('Happy');
    expect(cleanMood('「开心」')).toBe('开心');
    expect(cleanMood('a\nb')).toBe('a b');
    expect([...cleanMood('x'.repeat(100))]).toHaveLength(40);
    expect(cleanMood(42)).toBe('');
  });

  it('renders the current state in the persona language', () => {
    const state = initialPersonaState('en', { mood: 'cheerful', closeness: 3 });
    expect(renderPersonaState(state, mozart())).toBe('Your mood right now: cheerful. Your relationship with Anna right now: close.');
    expect(renderPersonaState(initialPersonaState('zh'), mozartZh())).toBe('你现在的心情：平静。你和安娜现在的关系：陌生。');
  });
});

describe('state update request and parser', () => {
  it('builds a constrained-JSON request with the recent turns as dialogue lines', () => {
    const state = initialPersonaState('en', { mood: 'calm', closeness: 1 });
    const request = buildStateUpdateRequest(mozart(), state, [
      { role: 'user', text: 'I loved your opera, {{char}}!' },
      { role: 'assistant', text: 'You flatter me!' },
    ]);
    expect(request.responseFormat?.schema).toMatchObject({
      properties: { closenessChange: { enum: [-1, 0, 1] } },
      required: ['mood', 'closenessChange', 'reason'],
    });
    const input = request.input;
    if (input.kind !== 'chat') throw new Error('expected a chat request');
    const user = input.messages.at(-1)?.content ?? '';
    expect(user).toContain('Anna: "I loved your opera, Mozart!"\nMozart: "You flatter me!"');
    expect(user).toContain('Closeness to Anna before: 1 (acquainted)');
  });

  it('bounds the step from closenessChange or from an absolute closeness', () => {
    const state = initialPersonaState('en', { closeness: 0 });
    expect(parseStateUpdate('```json\n{"mood":"Elated!","closenessChange":3,"reason":"Praise."}\n```', state)).toEqual({
      mood: 'Elated',
      closenessDelta: 1,
      reason: 'Praise.',
    });
    expect(parseStateUpdate('Answer: {"mood": "", "closeness": -2}', state)).toEqual({ mood: null, closenessDelta: -1, reason: '' });
    expect(parseStateUpdate('{"mood":"tired","closenessChange":"-0.4"}', state)).toEqual({ mood: 'tired', closenessDelta: 0, reason: '' });
  });

  it('rejects garbage and answers with neither mood nor closeness', () => {
    const state = initialPersonaState('en');
    expect(thrownCode(() => parseStateUpdate('She seems happier.', state))).toBe('bad-json');
    expect(thrownCode(() => parseStateUpdate('{"reason": "none"}', state))).toBe('invalid');
    expect(thrownCode(() => parseStateUpdate('[1]', state))).toBe('invalid');
  });
});
