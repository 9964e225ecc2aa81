import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english } from '../../core/i18n/message.ts';
import { errorForStatus, listFew, serverMessage } from './http-errors.ts';

describe('server error text', () => {
  it.each([
    ['{"error":{"message":"bad request"}}', 'bad request'],
    ['{"error":"model not loaded"}', 'model not loaded'],
    ['{"object":"error","message":"vllm says no"}', 'vllm says no'],
    ['{"detail":"Not Found"}', 'Not Found'],
    ['<html><body><h1>502 Bad Gateway</h1></body></html>', '502 Bad Gateway'],
    ['x'.repeat(400), `${'x'.repeat(299)}\u2026`],
  ])('%s → %s', (body, text) => {
    expect(serverMessage(body)).toBe(text);
  });

  it('mentions raw completion when /completions is missing', () => {
    const error = errorForStatus(404, 'Not Found', { server: 's', path: '/completions', hasApiKey: false, model: 'm' });
    expect(error.code).toBe('http-error');
    expect(error.message).toMatch(/turn off raw completion/);
  });
});

describe('listFew', () => {
  it('names a few models in the language shown, and counts the rest', () => {
    expect(english(listFew([]))).toBe('none');
    expect(english(listFew(['a']))).toBe('"a"');
    expect(english(listFew(['a', 'b', 'c', 'd'], 2))).toBe('"a", "b" and 2 more');
    expect(inChinese(listFew(['a', 'b', 'c']))).toBe('“a”、“b”、“c”');
    expect(inChinese(listFew(['a', 'b', 'c', 'd'], 2))).toBe('“a”、“b” 以及另外 2 个');
    expect(inChinese(listFew([]))).toBe('无');
  });
});
