import { describe, expect, it } from 'vitest';
import { errorForStatus, serverMessage } from './http-errors.ts';

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
