import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { ValidationError } from '../errors/index.ts';
import { readPastedText, readSourceFile } from './read-source.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

function rejection(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('readSourceFile', () => {
  it('reads UTF-8 Chinese and English, normalizing line endings and trimming', () => {
    const bytes = utf8('\r\n  Alice said "hi".\r\n林黛玉道：“你又来了。”\r\n');
    const source = readSourceFile(bytes, 'story.txt');
    expect(source).toEqual({ text: 'Alice said "hi".\n林黛玉道：“你又来了。”', name: 'story.txt', encoding: 'utf-8', bytes: bytes.length });
  });

  it('strips a UTF-8 BOM', () => {
    const source = readSourceFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('# Notes\nHello')]), 'notes.md');
    expect(source.text).toBe('# Notes\nHello');
    expect(source.encoding).toBe('utf-8');
  });

  it('reads a GB18030 (GBK) Chinese file', () => {
    const bytes = hex('c1d6f7ecd3f1b5c0a3baa1b0c4e3d3d6c0b4c1cba1a3a1b10ab1a6d3f1d0a6b5c0a3baa1b0bac3c3c3c3c3a3acced2b4edc1cba1a3a1b1');
    const source = readSourceFile(bytes, '红楼梦.txt');
    expect(source.encoding).toBe('gb18030');
    expect(source.text).toBe('林黛玉道：“你又来了。”\n宝玉笑道：“好妹妹，我错了。”');
  });

  it('reads UTF-16 with a BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x60, 0x4f, 0x7d, 0x59, 0x21, 0x00]);
    expect(readSourceFile(le, 'win.txt')).toMatchObject({ text: '你好!', encoding: 'utf-16le' });
  });

  it('rejects an empty or blank file, naming it', () => {
    expect(rejection(() => readSourceFile(new Uint8Array(), 'a.txt'))).toMatchObject({ code: 'empty', message: expect.stringContaining('“a.txt” is empty') });
    expect(rejection(() => readSourceFile(utf8(' \n\t\n'), 'b.txt')).code).toBe('empty');
  });

  it('rejects binary data: NUL bytes, many control characters, known binary formats', () => {
    const withNul = new Uint8Array([...utf8('hello'), 0, ...utf8('world')]);
    expect(rejection(() => readSourceFile(withNul, 'x.txt'))).toMatchObject({ code: 'binary', message: expect.stringContaining('not plain text') });
    const controls = utf8(`text${'\u0001\u0002'.repeat(20)}more text here`);
    expect(rejection(() => readSourceFile(controls, 'y.txt')).code).toBe('binary');
    expect(rejection(() => readSourceFile(utf8('%PDF-1.7 ...'), 'book.pdf'))).toMatchObject({ code: 'unsupported', message: expect.stringContaining('PDF') });
    expect(rejection(() => readSourceFile(hex('504b0304aabbcc'), 'book.epub')).message).toContain('EPUB');
  });

  it('rejects bytes that are neither UTF-8 nor plausible GB18030 (e.g. Latin-1)', () => {
    const latin1 = hex('6e61ef766520666163e761646520'); // "naïve façade " in Windows-1252
    expect(rejection(() => readSourceFile(latin1, 'fr.txt'))).toMatchObject({ code: 'unsupported', message: expect.stringContaining('save it as UTF-8') });
    expect(rejection(() => readSourceFile(hex('80ff80ff'), 'r.bin')).code).toBe('unsupported');
  });

  it('rejects oversized files with the size and the limit, and accepts a few MB', () => {
    expect(rejection(() => readSourceFile(new Uint8Array(9 * 1024 * 1024).fill(0x61), 'big.txt'))).toMatchObject({
      code: 'too-large',
      message: '“big.txt” is 9.0 MB; the limit is 8.0 MB. Keep only the parts about the character (or split it) and try again.',
    });
    expect(rejection(() => readSourceFile(utf8('abcdef'), 's.txt', { maxBytes: 5 })).code).toBe('too-large');
    const threeMb = utf8('林黛玉道：“你又来了。” Alice smiled.\n'.repeat(60_000));
    expect(threeMb.length).toBeGreaterThan(3_000_000);
    expect(readSourceFile(threeMb, 'long.txt').text.length).toBeGreaterThan(1_000_000);
  });
});

describe('readPastedText', () => {
  it('accepts text and rejects empty, binary and oversized input', () => {
    expect(readPastedText('  你好\r\nworld 𠀀')).toEqual({
      text: '你好\nworld 𠀀',
      name: 'pasted text',
      encoding: 'utf-8',
      bytes: utf8('  你好\r\nworld 𠀀').length,
    });
    expect(rejection(() => readPastedText('   ')).code).toBe('empty');
    expect(rejection(() => readPastedText('a\u0000b')).code).toBe('binary');
    expect(rejection(() => readPastedText('你好', { maxBytes: 5 })).code).toBe('too-large');
  });

  it('names the source and the problem in Chinese too', () => {
    const chinese = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        if (error instanceof ValidationError) return inChinese(error);
        throw error;
      }
      throw new Error('expected a ValidationError');
    };
    expect(chinese(() => readPastedText('   '))).toBe('粘贴的文本只有空格和空行。请使用描写这个角色的文字。');
    expect(chinese(() => readSourceFile(utf8('%PDF-1.7 ...'), 'book.pdf'))).toBe(
      '“book.pdf”是 PDF 文件。只能读取纯文本（.txt、.md）：请把其中的文字复制出来，粘贴到这里。',
    );
  });
});
