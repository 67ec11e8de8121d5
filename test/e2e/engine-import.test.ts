// What Pulumi's own `import` resource option does with these dynamic resources at the
// pinned version (pulumi/pulumi#16175): the engine's import step sends the provider no
// state, so the dynamic provider cannot find its serialized code and the import fails.
// This test records that behaviour; adoption of existing objects has to be this
// package's own (issue 6). When a Pulumi upgrade makes it pass, build on the engine's.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { startEmulator, RunningEmulator } from '../../emulator';
import type { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi } from '../support/emulator-api';
import { makeProgram, stackOnEmulator } from '../support/installed-package';

describe("the engine's import option with a dynamic resource (Pulumi 3.276)", function () {
  let emulator: RunningEmulator;
  let programDir: string;
  let stack: PulumiStack;

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
  });
  after(async () => {
    stack?.cleanup();
    if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  it('fails with "code must be a string", creating nothing and recording nothing', async () => {
    const api = new DirectApi(emulator);
    const body = { company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' }, brand: { name: 'ACME' } };
    const existing = (await api.call('POST', '/branded-calling/v0.1/customers', body)).body;
    programDir = makeProgram(
      'engine-import',
      `const bc = require('pulumi-branded-calling');
new bc.Customer('acme', ${JSON.stringify(body)}, { import: ${JSON.stringify(existing.customerId)} });`,
    );
    stack = await stackOnEmulator(programDir, emulator);
    emulator.resetCounters();

    const result = await stack.up([], { expectFailure: true });
    assert.match(result.stdout, /acme \*\*importing failed\*\*/);
    assert.match(result.stdout + result.stderr, /code must be a string, not undefined/);
    assert.equal(emulator.counters().writes, 0);
    assert.deepEqual(await stack.resources(), []);
    assert.equal((await api.listCustomers()).length, 1);
  });
});
