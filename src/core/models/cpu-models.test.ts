import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english, msg } from '../i18n/message.ts';
import { ValidationError } from '../errors/index.ts';
import { checkGgufUrl, CPU_CONTEXT_WINDOW, CPU_MODELS, fileNameOf, findCpuModel, resolveCpuModel } from './cpu-models.ts';

describe('CPU model catalogue', () => {
  it('offers Qwen2.5 0.5B and 1.5B Instruct Q4_K_M from the official Qwen GGUF repositories', () => {
    expect(CPU_MODELS.map((m) => m.id)).toEqual(['Qwen2.5-0.5B-Instruct-Q4_K_M', 'Qwen2.5-1.5B-Instruct-Q4_K_M']);
    for (const m of CPU_MODELS) {
      const url = new URL(m.url);
      expect(url.origin).toBe('https://huggingface.co');
      expect(url.pathname).toMatch(/^\/Qwen\/Qwen2\.5-\d\.5B-Instruct-GGUF\/resolve\/main\/qwen2\.5-\d\.5b-instruct-q4_k_m\.gguf$/);
      expect(m.contextWindow).toBe(CPU_CONTEXT_WINDOW);
      expect(m.memoryMB).toBeGreaterThan(m.downloadMB);
    }
    expect(findCpuModel('Qwen2.5-1.5B-Instruct-Q4_K_M')?.billions).toBe(1.5);
    expect(findCpuModel('nope')).toBeUndefined();
  });

  it('resolves catalogue ids and custom GGUF addresses, and rejects anything else', () => {
    expect(resolveCpuModel('Qwen2.5-0.5B-Instruct-Q4_K_M')).toMatchObject({ label: 'Qwen2.5 0.5B', custom: false, contextWindow: 4096 });
    const custom = resolveCpuModel('http://127.0.0.1:8080/models/my%20model.gguf');
    expect(custom).toEqual({
      id: 'http://127.0.0.1:8080/models/my%20model.gguf',
      url: 'http://127.0.0.1:8080/models/my%20model.gguf',
      label: 'my model.gguf',
      contextWindow: CPU_CONTEXT_WINDOW,
      custom: true,
    });
    expect(() => resolveCpuModel('Qwen9-1B')).toThrow(ValidationError);
    expect(() => resolveCpuModel('ftp://example.com/a.gguf')).toThrow(/full https:\/\/ address/);
  });

  it('names the file of a URL', () => {
    expect(fileNameOf('https://example.com/a/b/model.Q4.gguf?download=true')).toBe('model.Q4.gguf');
    expect(fileNameOf('https://example.com/')).toBe('https://example.com/');
  });
});

describe('checkGgufUrl', () => {
  it('accepts https .gguf addresses (query strings and upper case too)', () => {
    expect(checkGgufUrl('  https://huggingface.co/x/y/resolve/main/m.gguf  ')).toEqual({ ok: true, url: 'https://huggingface.co/x/y/resolve/main/m.gguf' });
    expect(checkGgufUrl('https://cdn.example/M.GGUF?sig=1').ok).toBe(true);
  });

  it('accepts plain http only on this machine or the page origin', () => {
    expect(checkGgufUrl('http://localhost:8080/m.gguf').ok).toBe(true);
    expect(checkGgufUrl('http://127.0.0.1/m.gguf').ok).toBe(true);
    expect(checkGgufUrl('http://[::1]:9000/m.gguf').ok).toBe(true);
    expect(checkGgufUrl('http://egos.example/models/m.gguf', { pageOrigin: 'http://egos.example' }).ok).toBe(true);
    const remote = checkGgufUrl('http://192.168.1.5/m.gguf', { pageOrigin: 'http://localhost:5173' });
    expect(remote).toMatchObject({ ok: false, needsConfirmation: false });
    expect(remote.ok ? '' : english(remote.message)).toMatch(/Use an https:\/\/ address/);
    expect(remote.ok ? '' : inChinese(remote.message)).toMatch(/请使用 https:\/\/ 网址/);
  });

  it('rejects empty input, non-URLs, other protocols and credentials', () => {
    expect(checkGgufUrl('   ')).toMatchObject({
      ok: false,
      needsConfirmation: false,
      message: msg('models.gguf.empty'),
    });
    const empty = checkGgufUrl('');
    expect(empty.ok ? '' : english(empty.message)).toBe('Enter the address of a .gguf file.');
    expect(empty.ok ? '' : inChinese(empty.message)).toBe('请输入 .gguf 文件的网址。');
    expect(checkGgufUrl('models/m.gguf')).toMatchObject({ ok: false, needsConfirmation: false });
    expect(checkGgufUrl('file:///home/me/m.gguf')).toMatchObject({ ok: false, needsConfirmation: false });
    expect(checkGgufUrl('https://me:secret@example.com/m.gguf')).toMatchObject({ ok: false, needsConfirmation: false });
  });

  it('asks for confirmation when the path does not end in .gguf, and accepts it once confirmed', () => {
    const first = checkGgufUrl('https://example.com/download?id=7');
    expect(first).toMatchObject({ ok: false, needsConfirmation: true, url: 'https://example.com/download?id=7' });
    expect(first.ok ? '' : english(first.message)).toMatch(/does not end in \.gguf \(download\)/);
    expect(first.ok ? '' : inChinese(first.message)).toMatch(/不是以 \.gguf 结尾（download）/);
    expect(checkGgufUrl('https://example.com/download?id=7', { confirmed: true })).toEqual({ ok: true, url: 'https://example.com/download?id=7' });
  });
});
