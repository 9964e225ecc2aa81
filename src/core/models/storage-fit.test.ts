import { describe, expect, it } from 'vitest';
import { checkDownloadFits, formatBytes, freeBytes, usedShare } from './storage-fit.ts';

describe('checkDownloadFits', () => {
  const estimate = { usageBytes: 1e9, quotaBytes: 3e9 };

  it('fits when the download plus a 10% margin is under the free quota', () => {
    expect(checkDownloadFits(1.5e9, estimate)).toEqual({ fits: true, freeBytes: 2e9, shortByBytes: 0 });
  });

  it('does not fit, and says by how much, when the margin pushes it over', () => {
    const fit = checkDownloadFits(1.9e9, estimate);
    expect(fit.fits).toBe(false);
    expect(fit.shortByBytes).toBe(Math.ceil(1.9e9 * 1.1) - 2e9);
  });

  it('cannot tell without an estimate or with a zero quota', () => {
    expect(checkDownloadFits(1, null).fits).toBeNull();
    expect(checkDownloadFits(1, { usageBytes: 0, quotaBytes: 0 }).fits).toBeNull();
  });

  it('treats usage above quota as full', () => {
    expect(freeBytes({ usageBytes: 5, quotaBytes: 3 })).toBe(0);
    expect(usedShare({ usageBytes: 5, quotaBytes: 3 })).toBe(1);
    expect(usedShare({ usageBytes: 1, quotaBytes: 4 })).toBe(0.25);
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2_400)).toBe('2 KB');
    expect(formatBytes(844_000_000)).toBe('844 MB');
    expect(formatBytes(1_234_000_000)).toBe('1.2 GB');
    expect(formatBytes(2.5e12)).toBe('2.5 TB');
  });
});
