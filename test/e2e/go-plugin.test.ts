// The provider plugin from a Go program: examples/go as it is, with the Go SDK that
// `npm run sdks` generates and this project's Go language host, through the real CLI
// against the emulator: up, a one-field update in place, destroy.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi, requestsTo, totalRequests } from '../support/emulator-api';
import { copyProgram, languageHostEnv, pluginEnv, REPO_ROOT } from '../support/installed-package';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSdks } = require(path.join(REPO_ROOT, 'scripts', 'sdks.js'));

describe('the provider plugin in a Go program (examples/go)', function () {
  let emulator: RunningEmulator;
  let api: DirectApi;
  let sdks: string;
  let programDir: string;
  let stack: PulumiStack;

  before(async function () {
    // The first run on a machine builds the Go host and compiles Pulumi's Go SDK (minutes, once).
    this.timeout(40 * 60_000);
    const hostEnv = await languageHostEnv(['go']);
    sdks = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-go-sdk-'));
    await generateSdks({ out: sdks, languages: ['go'] });
    emulator = await startEmulator({ decisionDelayMs: -1 });
    api = new DirectApi(emulator);
    programDir = copyProgram(path.join(REPO_ROOT, 'examples', 'go'));
    // The example takes the SDK from the clone's sdks/; this copy, from the one just made.
    execFileSync('go', ['mod', 'edit', `-replace=example.com/pulumi-brandedcalling/sdk/go=${path.join(sdks, 'go')}`], { cwd: programDir, env: hostEnv });
    // Compiled once here, so that the engine's runs below find the build cache warm.
    execFileSync('go', ['build', '-o', path.join(sdks, 'program'), '.'], { cwd: programDir, env: hostEnv, stdio: 'inherit' });
    stack = await PulumiStack.create({ programDir, env: { PATH: hostEnv.PATH, ...pluginEnv(emulator) } });
  });
  after(async () => {
    stack?.cleanup();
    for (const dir of [programDir, sdks]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await emulator?.stop();
  });
  beforeEach(() => emulator.resetCounters());

  it('creates the customer, its two carriers and a number', async () => {
    const result = await stack.up();
    assert.match(result.stdout, /\+ 5 created/, result.stdout);
    assert.equal(emulator.counters().writes, 4);
    const outputs = await stack.outputs();
    const [support] = await api.listRegistrations();
    assert.equal(outputs.supportId, support.registrationId);
    assert.equal(outputs.supportStatus, 'pending');
    assert.deepEqual(support.carriers.map((c: any) => c.carrierCode).sort(), ['BYG', 'OFR']);
    emulator.resetCounters();
    await stack.preview(['--expect-no-changes']);
    assert.equal(totalRequests(emulator), 0);
  });

  it('updates one field in place: the preview names it, up sends one PUT', async () => {
    const before = await stack.outputs();
    const file = path.join(programDir, 'main.go');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('pulumi.String("ACME Support")', 'pulumi.String("ACME Help")'));
    const preview = await stack.preview(['--diff']);
    assert.match(preview.stdout, /~ brandedcalling:index:Registration: \(update\)/);
    assert.match(preview.stdout, /~ displayName\s*: "ACME Support" => "ACME Help"/);
    assert.match(preview.stdout, /~ 1 to update/);
    await stack.up();
    assert.equal(emulator.counters().writes, 1);
    assert.equal(requestsTo(emulator, /^PUT .*\/registrations\/\{registrationId\}$/), 1);
    const [support] = await api.listRegistrations();
    assert.equal(support.displayName, 'ACME Help');
    assert.equal(support.registrationId, before.supportId, 'the registration was re-created');
  });

  it('destroys everything, in dependency order', async () => {
    await stack.destroy();
    assert.deepEqual(await stack.resources(), []);
    assert.deepEqual(await api.listCustomers(), []);
  });
});
