import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecretText } from './redact-secrets.ts';

describe('redactSecretText', () => {
  it('replaces every occurrence of each given secret, longer ones first', () => {
    expect(redactSecretText('key=abc123, again abc123!', ['abc123'])).toBe(`key=${REDACTED}, again ${REDACTED}!`);
    expect(redactSecretText('token abcdef', ['abc', 'abcdef'])).toBe(`token ${REDACTED}`);
  });

  it('redacts Bearer tokens and sk- style keys even when the secret is not known', () => {
    expect(redactSecretText('Authorization: Bearer my.custom-token_9 was sent')).toBe(`Authorization: Bearer ${REDACTED} was sent`);
    expect(redactSecretText('"Incorrect API key provided: sk-proj-AbC123xyz789"')).toBe(`"Incorrect API key provided: ${REDACTED}"`);
  });

  it('keeps the bracket that closes around a Bearer token', () => {
    expect(redactSecretText('rejected (Bearer my.custom-token_9) at [Bearer abc]')).toBe(`rejected (Bearer ${REDACTED}) at [Bearer ${REDACTED}]`);
  });

  it('leaves text without credentials, and empty secrets, alone', () => {
    const text = 'The server at http://localhost:11434/v1 answered HTTP 500. Ask sk-8 for help.';
    expect(redactSecretText(text, ['', ''])).toBe(text);
  });
});
