import { describe, expect, it } from 'vitest';
import { endpointTimeouts } from './endpoint-config.ts';

describe('endpointTimeouts', () => {
  it('turns the wait setting into the request and stall timeouts, 60 s when unset or unusable', () => {
    expect(endpointTimeouts({ waitSeconds: 300 })).toEqual({ requestTimeoutMs: 300_000, stallTimeoutMs: 300_000 });
    expect(endpointTimeouts({})).toEqual({ requestTimeoutMs: 60_000, stallTimeoutMs: 60_000 });
    expect(endpointTimeouts({ waitSeconds: Number.NaN })).toEqual({ requestTimeoutMs: 60_000, stallTimeoutMs: 60_000 });
    expect(endpointTimeouts({ waitSeconds: -5 })).toEqual({ requestTimeoutMs: 60_000, stallTimeoutMs: 60_000 });
  });
});
