import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fflateZip } from '../../adapters/zip/fflate-zip.ts';
import { placeholderPng } from '../../core/cards/index.ts';
import { english } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import { createPersona } from '../../core/persona/index.ts';
import { CardExport, CardImport, type PickedFile } from './card-transfer.svelte.ts';

const ICON = placeholderPng('Maren');
const loadZip = async () => fflateZip;

function picked(name: string, bytes: Uint8Array): PickedFile {
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

function charx(extra: Record<string, Uint8Array> = {}): Uint8Array {
  const card = {
    spec: 'chara_card_v3',
    spec_version: '3.0',
    data: { name: 'Maren', first_mes: 'Come in.', assets: [{ type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png' }] },
  };
  return zipSync({ 'card.json': new TextEncoder().encode(JSON.stringify(card)), 'assets/icon/images/main.png': ICON, ...extra });
}

describe('CHARX cards through the card import and export states', () => {
  it('reads a .charx for review with its picture, loading the zip library only for zip files', async () => {
    let loads = 0;
    const cards = new CardImport({
      loadZip: async () => {
        loads++;
        return fflateZip;
      },
    });
    expect(await cards.read(picked('maren.charx', charx()))).toBe(true);
    expect(cards.pending?.init.name).toBe('Maren');
    expect(cards.pending?.init.avatar).toEqual({ mime: 'image/png', bytes: ICON });
    expect(loads).toBe(1);
    expect(await cards.read(picked('card.json', new TextEncoder().encode('{"name":"Ada"}')))).toBe(true);
    expect(loads).toBe(1);
  });

  it('refuses a zip bomb with its reason and keeps what was under review', async () => {
    const cards = new CardImport({ loadZip });
    await cards.read(picked('maren.charx', charx()));
    const before = cards.pending;
    expect(await cards.read(picked('bomb.charx', charx({ 'zeros.bin': new Uint8Array(4 * 1024 * 1024) })))).toBe(false);
    expect(english(cards.error!)).toMatch(/^"bomb\.charx": "zeros\.bin" in this CHARX card is compressed \d+ to 1/);
    expect(cards.pending).toBe(before);
  });

  it('without the zip library, names the format instead of guessing', async () => {
    const cards = new CardImport();
    expect(await cards.read(picked('maren.charx', charx()))).toBe(false);
    expect(english(cards.error!)).toContain('a ZIP archive (such as a .charx card)');
  });

  it('exports CHARX as a .charx download, and says why when it cannot', async () => {
    const persona = createPersona(
      { name: 'Maren', description: 'Keeper.', greeting: 'Come in.', avatar: { mime: 'image/png', bytes: ICON } },
      'p1' as PersonaId,
      1,
    );
    const file = await new CardExport(loadZip).build(persona, 'charx');
    expect(file?.fileName).toBe('Maren.charx');
    expect(file?.blob.type).toBe('application/zip');
    const names = fflateZip.list(new Uint8Array(await file!.blob.arrayBuffer())).map((e) => e.name);
    expect(names).toEqual(['card.json', 'assets/icon/images/main.png']);

    const without = new CardExport();
    expect(await without.build(persona, 'charx')).toBeNull();
    expect(without.error?.key).toBe('card.error.noZip');
  });
});
