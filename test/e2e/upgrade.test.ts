// Upgrading the package under a live stack, with the real CLI against the emulator: the
// stack is created with the package as built from an earlier commit, then updated (one
// field), refreshed and destroyed with a later build whose internal files moved. The
// state holds each provider as require("pulumi-branded-calling/dynamic/<kind>"), a name
// package.json "exports" keeps, so the later build serves the old state: no replacement,
// no failure.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi } from '../support/emulator-api';
import { REPO_ROOT, stackOnEmulator } from '../support/installed-package';
import { hasCommit, moveInternals, npmInstall, pack, packCommit, unpack } from '../support/package-builds';

/** The earlier build: the commit before existingId was declared. */
const OLD_COMMIT = 'eadfca593c3874a87d3dc861b94edbcba65f42cc';
/** Where the later build puts what this one keeps in dist/provider/{resources,dynamic}. */
const MOVES = {
  'dist/provider/resources': 'dist/provider/internal/lifecycles',
  'dist/provider/dynamic': 'dist/provider/bindings/pulumi-dynamic',
};
const KINDS = ['Customer', 'Carrier', 'Registration'];

function program(displayName: string): string {
  return `
const bc = require('pulumi-branded-calling');
const acme = new bc.Customer('acme', {
  company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' },
  brand: { name: 'ACME' },
});
const ofr = new bc.Carrier('acme-ofr', { customerId: acme.customerId, carrierCode: 'OFR' });
const support = new bc.Registration('support', {
  customerId: acme.customerId, carrierCodes: [ofr.carrierCode], phoneNumber: '+33140000001', displayName: ${JSON.stringify(displayName)},
});
exports.customerId = acme.customerId;
exports.carrierId = ofr.id;
exports.registrationId = support.registrationId;
`;
}

describe('upgrading the package under a live stack, internals moved', function () {
  let emulator: RunningEmulator;
  let api: DirectApi;
  let workDir: string;
  let programDir: string;
  let laterTarball: string;
  let stack: PulumiStack;
  let created: Record<string, unknown>;
  let oldProviders: Record<string, string>;

  before(async function () {
    if (!fs.existsSync(path.join(REPO_ROOT, '.git'))) this.skip(); // a source archive: no history to build from
    if (!(await hasCommit(OLD_COMMIT))) {
      // A shallow clone: fetch the history once; without it there is no earlier build to make.
      try {
        execFileSync('git', ['fetch', '--quiet', '--unshallow'], { cwd: REPO_ROOT, stdio: 'ignore', timeout: 120_000 });
      } catch {
        // no remote to fetch from: judged just below
      }
      if (!(await hasCommit(OLD_COMMIT))) {
        console.log(`      skipped: commit ${OLD_COMMIT} is not in this clone (shallow, no remote): git fetch --unshallow`);
        this.skip();
      }
    }
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-upgrade-'));
    programDir = path.join(workDir, 'program');
    fs.mkdirSync(programDir);
    fs.writeFileSync(path.join(programDir, 'Pulumi.yaml'), 'name: upgrade\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n');
    fs.writeFileSync(path.join(programDir, 'package.json'), JSON.stringify({ name: 'upgrade', private: true, main: 'index.js' }));
    fs.writeFileSync(path.join(programDir, 'index.js'), program('ACME Support'));

    // At once: the earlier build, this one with its internals moved, and the program's
    // @pulumi/pulumi (as the README has users install it beside the package).
    const oldManifest = JSON.parse(execFileSync('git', ['show', `${OLD_COMMIT}:package.json`], { cwd: REPO_ROOT, encoding: 'utf8' }));
    const [oldTarball, later] = await Promise.all([
      packCommit(OLD_COMMIT, workDir),
      (async () => {
        const current = await pack(REPO_ROOT, workDir);
        const dir = await unpack(current, path.join(workDir, 'later'));
        moveInternals(dir, MOVES);
        const manifestFile = path.join(dir, 'package.json');
        const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
        fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: `${manifest.version}-later` }, null, 2));
        return pack(dir, workDir);
      })(),
      npmInstall(programDir, [`@pulumi/pulumi@${oldManifest.dependencies['@pulumi/pulumi']}`]),
    ]);
    laterTarball = later;
    await npmInstall(programDir, [oldTarball]);

    emulator = await startEmulator({ decisionDelayMs: -1 });
    api = new DirectApi(emulator);
    stack = await stackOnEmulator(programDir, emulator);
  });

  after(async () => {
    stack?.cleanup();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  async function providersInState(): Promise<Record<string, string>> {
    const resources = await stack.resources();
    return Object.fromEntries(resources.map((r) => [r.type.split(':').pop(), r.inputs.__provider]));
  }

  it('creates the stack with the earlier build', async () => {
    await stack.up();
    created = await stack.outputs();
    assert.equal((await api.listRegistrations()).length, 1);
    oldProviders = await providersInState();
    assert.deepEqual(Object.keys(oldProviders).sort(), [...KINDS].sort());
    for (const kind of KINDS) assert.match(oldProviders[kind], new RegExp(`require\\("pulumi-branded-calling/dynamic/${kind.toLowerCase()}"\\)`));
  });

  it('installs a later build whose internal files moved', async () => {
    await npmInstall(programDir, [laterTarball]);
    const installed = path.join(programDir, 'node_modules', 'pulumi-branded-calling');
    assert.match(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).version, /-later$/);
    for (const [from, to] of Object.entries(MOVES)) {
      assert.equal(fs.existsSync(path.join(installed, from)), false, `${from} is still there`);
      assert.ok(fs.existsSync(path.join(installed, to)), `${to} is missing`);
    }
  });

  it('previews a changed display name as an update in place, and replaces nothing', async () => {
    fs.writeFileSync(path.join(programDir, 'index.js'), program('ACME Help'));
    const preview = await stack.preview(['--diff']);
    assert.match(preview.stdout, /~ pulumi-nodejs:dynamic\/brandedcalling:Registration: \(update\)/);
    assert.match(preview.stdout, /~ displayName\s*: "ACME Support" => "ACME Help"/);
    assert.match(preview.stdout, /~ 1 to update/);
    assert.doesNotMatch(preview.stdout, /replace|\+-|to create|to delete/);
  });

  it('updates it in place: same ids, the new name live', async () => {
    const up = await stack.up();
    assert.match(up.stdout, /~ 1 updated/);
    assert.doesNotMatch(up.stdout, /replaced|created|deleted/);
    assert.deepEqual(await stack.outputs(), created);
    const [registration] = await api.listRegistrations();
    assert.equal(registration.registrationId, created.registrationId);
    assert.equal(registration.displayName, 'ACME Help');
    assert.deepEqual((await api.listCustomers()).map((c) => c.customerId), [created.customerId]);
    assert.deepEqual((await api.listCarriers(created.customerId as string)).map((c) => c.carrierCode), ['OFR']);
  });

  it('refreshes with no change and no failure', async () => {
    const refresh = await stack.refresh();
    assert.doesNotMatch(refresh.stdout + refresh.stderr, /error|warning/i);
    await stack.preview(['--expect-no-changes']);
  });

  it('keeps each provider in state as the same stable require, whichever build wrote it', async () => {
    assert.deepEqual(await providersInState(), oldProviders);
    for (const text of Object.values(oldProviders)) assert.doesNotMatch(text, /dist\/|resources|internal|bindings|node_modules|\/tmp\//);
  });

  it('destroys everything', async () => {
    await stack.destroy();
    assert.deepEqual(await api.listRegistrations(), []);
    assert.deepEqual(await api.listCustomers(), []);
    assert.deepEqual(await stack.resources(), []);
  });
});
