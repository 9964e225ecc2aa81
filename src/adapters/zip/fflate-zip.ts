import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { ZipCodec, ZipEntryInfo, ZipFile } from '../../core/cards/index.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';

/**
 * The zip container through fflate (small, no dependencies). fflate lists entries without
 * inflating them (its `filter`) and inflates each into a buffer of its declared size, so a
 * lying header cannot make it allocate more; it does not report the encryption flag or the
 * CRC, which are read here from the central directory, record by record in the same order.
 */

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_RECORD = 0x02014b50;
/** A fixed date for the entries written, so the same card gives the same bytes. */
const WRITTEN_AT = new Date(Date.UTC(2020, 0, 1));

function notZip(cause?: unknown): ValidationError {
  return new ValidationError('invalid', msg('charx.error.notZip'), { cause });
}

/** Flags and CRC of each central directory record, in order. @throws ValidationError `invalid` when the directory cannot be walked. */
function directoryRecords(bytes: Uint8Array): { flags: number; crc: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = bytes.length - 22;
  while (end >= 0 && u32(end) !== END_OF_DIRECTORY) {
    if (bytes.length - end > 65_557) throw notZip();
    end--;
  }
  if (end < 0) throw notZip();
  let count = u16(end + 10);
  let at = u32(end + 16);
  if (end >= 20 && u32(end - 20) === ZIP64_LOCATOR) {
    const zip64 = Number(view.getBigUint64(end - 12, true));
    if (zip64 + 56 <= bytes.length && u32(zip64) === ZIP64_END) {
      count = Number(view.getBigUint64(zip64 + 32, true));
      at = Number(view.getBigUint64(zip64 + 48, true));
    }
  }
  const records: { flags: number; crc: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== DIRECTORY_RECORD) throw notZip();
    records.push({ flags: u16(at + 8), crc: u32(at + 16) });
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
  }
  return records;
}

function list(bytes: Uint8Array): ZipEntryInfo[] {
  // Walked first: every record must be where the directory says, so a forged entry count
  // (up to 2^64 in a zip64 directory) ends at the first missing record, not after billions.
  const records = directoryRecords(bytes);
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries.push({ name: file.name, method: file.compression, compressedSize: file.size, size: file.originalSize, crc: 0, encrypted: false });
        return false;
      },
    });
  } catch (error) {
    throw notZip(error);
  }
  if (records.length !== entries.length) throw notZip();
  return entries.map((entry, i) => {
    const record = records[i] as { flags: number; crc: number };
    return { ...entry, crc: record.crc, encrypted: (record.flags & 1) === 1 };
  });
}

function extract(bytes: Uint8Array, names: ReadonlySet<string>): Map<string, Uint8Array> {
  try {
    // Only the wanted, already checked entries are inflated (each at most its declared size).
    const files = unzipSync(bytes, { filter: (file) => names.has(file.name) });
    return new Map(Object.entries(files));
  } catch (error) {
    throw notZip(error);
  }
}

function create(files: readonly ZipFile[]): Uint8Array {
  const tree: Zippable = Object.create(null) as Zippable;
  for (const file of files) tree[file.name] = [file.bytes, { level: file.compress ? 6 : 0, mtime: WRITTEN_AT }];
  return zipSync(tree);
}

/** The {@link ZipCodec} the app uses. */
export const fflateZip: ZipCodec = { list, extract, create };
