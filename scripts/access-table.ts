import { writeFileSync } from 'node:fs';
import { accessTable, README, readmeText, withAccessTable } from '../test/access/readme-table';

// Writes the README's "Who can do what" table from the requests the access tests evaluate.
const before = readmeText();
const after = withAccessTable(before, accessTable());
writeFileSync(README, after);
console.log(before === after ? 'README.md: access table already up to date' : 'README.md: access table rewritten');
