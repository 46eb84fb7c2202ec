/**
 * `npm run docs`: rewrites every generated table of docs/ between its markers
 * (test/docs/sections.ts says which and from what), and says which files changed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { committed, ROOT, SECTIONS, withSection } from './sections';

function main(): void {
  const files = new Map<string, { before: string; after: string }>();
  for (const section of SECTIONS) {
    const entry = files.get(section.file) ?? { before: committed(section), after: committed(section) };
    entry.after = withSection(entry.after, section, section.render());
    files.set(section.file, entry);
  }
  for (const [file, { before, after }] of files) {
    if (after !== before) writeFileSync(join(ROOT, file), after);
    console.log(`${file}: ${after === before ? 'up to date' : 'rewritten'}`);
  }
}

try {
  main();
} catch (error) {
  console.error(`npm run docs: ${(error as Error).message}`);
  process.exit(1);
}
