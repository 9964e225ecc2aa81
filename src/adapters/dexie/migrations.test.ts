import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFromFixture, fixtureRows, type DbFixture } from '../../../test/fixtures/db-fixture.ts';
import type { ChatId, PersonaId } from '../../core/ids.ts';
import { createDexieRepository } from './dexie-repository.ts';
import { EgosDb } from './egos-db.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures');

function loadFixture(version: number): DbFixture {
  return JSON.parse(readFileSync(join(FIXTURES, `db-v${version}.json`), 'utf8')) as DbFixture;
}

function byKey(rows: unknown[]): unknown[] {
  return [...rows].sort((a, b) => {
    const key = (r: unknown) => String((r as { id?: string; key?: string }).id ?? (r as { key?: string }).key);
    return key(a).localeCompare(key(b));
  });
}

const opened: EgosDb[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const current = new EgosDb('schema-probe').verno;
const versions = Array.from({ length: current }, (_, i) => i + 1);

describe('schema migrations', () => {
  it('a fixture is committed for every schema version up to the current one', () => {
    const files = readdirSync(FIXTURES).filter((f) => /^db-v\d+\.json$/.test(f));
    expect(files.sort()).toEqual(versions.map((v) => `db-v${v}.json`).sort());
  });

  it.each(versions)('opening a version %i database with the current EgosDb keeps every row', async (version) => {
    const fixture = loadFixture(version);
    expect(fixture.version).toBe(version);
    const name = `migrate-${version}-${crypto.randomUUID()}`;
    await createFromFixture(name, fixture);

    const db = new EgosDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(current);
    for (const table of Object.keys(fixture.schema)) {
      const rows = fixtureRows(fixture, table);
      expect(rows.length).toBeGreaterThan(0);
      expect(byKey(await db.table(table).toArray())).toEqual(byKey(rows));
    }
    for (const table of db.tables.filter((t) => !(t.name in fixture.schema))) expect(await table.count()).toBe(0);

    const repo = createDexieRepository(db);
    const chatA = 'chat-a' as ChatId;
    expect((await repo.messages.listByChat(chatA)).map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await repo.messages.lastSeq(chatA)).toBe(5);
    expect((await repo.messages.listStreaming()).map((m) => m.id)).toEqual(['chat-a-m5']);
    expect((await repo.personas.list()).map((p) => p.id).sort()).toEqual(['persona-1', 'persona-2']);
    const avatar = (await repo.personas.get('persona-1' as PersonaId))?.avatar?.bytes;
    expect(avatar).toBeInstanceOf(Uint8Array);
    const memories = await repo.memories.listByPersona('persona-1' as PersonaId);
    expect(memories.find((m) => m.embedding)?.embedding?.vector).toBeInstanceOf(Float32Array);
    expect(await repo.memories.listByChat(chatA)).toHaveLength(2);
    expect(await repo.settings.get('engine')).toMatchObject({ kind: 'openai' });
    await repo.evalRuns.put({ id: 'after-upgrade', personaId: 'persona-1' as PersonaId, updatedAt: 1, state: {} as never });
    expect((await repo.evalRuns.listByPersona('persona-1' as PersonaId)).map((r) => r.id)).toContain('after-upgrade');
  });
});
