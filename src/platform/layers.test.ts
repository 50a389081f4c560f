import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

// The layers are enforced by `npm run lint` (eslint.config.js, no-restricted-imports): these show that a
// deliberate violation fails and that the imports the layers allow pass.
const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });
const restricted = async (file: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
};

test('domain/ may not import the database, platform, a feature or a web framework', async () => {
  for (const spec of ['../../db/client.ts', '../../platform/audit.ts', '../../features/children/service.ts', 'express']) {
    const found = await restricted('src/domain/rfm/violation.ts', `import { x } from '${spec}';\nexport const y = x;\n`);
    assert.equal(found.length, 1, `domain importing ${spec} must fail lint`);
  }
  assert.deepEqual(await restricted('src/domain/rfm/allowed.ts', `import { x } from '../calendar/working-days.ts';\nexport const y = x;\n`), []);
});

test("a feature may not import another feature's repository, only its own or another's service", async () => {
  assert.equal((await restricted('src/features/actions/violation.ts', `import { x } from '../children/repository.ts';\nexport const y = x;\n`)).length, 1);
  assert.deepEqual(
    await restricted(
      'src/features/actions/allowed.ts',
      `import { x } from './repository.ts';\nimport { z } from '../children/service.ts';\nimport type { ChildRow } from '../children/repository.ts';\nexport const y: [unknown, unknown, ChildRow?] = [x, z];\n`,
    ),
    [],
  );
});

test('nothing imports app.ts or server.ts (except the server itself and the test app)', async () => {
  assert.equal((await restricted('src/features/actions/violation.ts', `import type { X } from '../../app.ts';\nexport type Y = X;\n`)).length, 1);
  assert.equal((await restricted('src/platform/violation.ts', `import { x } from '../server.ts';\nexport const y = x;\n`)).length, 1);
  assert.deepEqual(await restricted('src/test-support/allowed.ts', `import { createApp } from '../app.ts';\nexport const y = createApp;\n`), []);
});

test('platform/ may not import a feature', async () => {
  assert.equal((await restricted('src/platform/violation.ts', `import { x } from '../features/children/service.ts';\nexport const y = x;\n`)).length, 1);
});
