import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cfnLint } from './gate';

// Apart from the cdk-nag probes (gate-is-live.test.ts): it runs cfn-lint from the project's .venv,
// which mutation runs leave out of their sandbox, and it reaches no code of lib/.
test('the cfn-lint gate is live: it reports a template error', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'lint-probe-')), 'bad.template.json');
  writeFileSync(path, JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { NoSuchProperty: 1 } } } }));
  expect(cfnLint([path]).join('\n')).toMatch(/E3002/);
});
