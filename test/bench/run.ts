/**
 * `npm run bench`: runs every `*.bench.ts` in this folder (or those named on the command line)
 * one after another. Each exports `name` and a default async function that prints its figures.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  name: string;
  default: () => Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matched ${wanted.join(', ')}`);
  process.exit(1);
}
console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  console.log(`\n## ${mod.name} (${file})\n`);
  await mod.default();
}
