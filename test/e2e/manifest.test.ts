// The branding manifest through the real Pulumi CLI, against the emulator, with the
// package installed as a user installs it: the example's branding.yaml is what a
// reviewer edits. One line changed is one resource changed and one API write; a key
// renamed with its old key in formerKeys is no change; a file with errors (or a secret
// missing from the stack config) fails the preview with its places, calling nothing.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import type { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi, totalRequests } from '../support/emulator-api';
import { copyProgram, REPO_ROOT, stackOnEmulator } from '../support/installed-package';

const TYPE = 'pulumi-nodejs:dynamic/brandedcalling';

/** The resources a `preview --diff` shows with an operation (create, update, replace, delete). */
function changedResources(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /^\s*(\+|-|~|\+-|-\+|\+\+|--)\s*pulumi-nodejs:dynamic\/brandedcalling:\w+: \(/.test(line))
    .map((line) => line.trim());
}

describe('the branding manifest with the real engine', function () {
  let emulator: RunningEmulator;
  let api: DirectApi;
  let programDir: string;
  let stack: PulumiStack;
  let original: string;
  const manifestFile = () => path.join(programDir, 'branding.yaml');
  const edit = (change: (text: string) => string) => fs.writeFileSync(manifestFile(), change(fs.readFileSync(manifestFile(), 'utf8')));

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
    api = new DirectApi(emulator);
    programDir = copyProgram(path.join(REPO_ROOT, 'examples', 'manifest'));
    original = fs.readFileSync(manifestFile(), 'utf8');
    stack = await stackOnEmulator(programDir, emulator);
  });

  after(async () => {
    stack?.cleanup();
    if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  beforeEach(() => emulator.resetCounters());

  it('up creates what the file declares: each entry a child of the component, named by its key', async () => {
    await stack.up();
    assert.equal(emulator.counters().writes, 6); // 1 customer, 2 carriers, 3 registrations
    const resources = await stack.resources();
    const names = resources.map((r) => `${r.type.replace(`${TYPE}:`, '')} ${r.urn.split('::').pop()}`).sort();
    assert.deepEqual(names, [
      'Carrier acme-BYG',
      'Carrier acme-OFR',
      'Customer acme',
      'Registration billing',
      'Registration sales',
      'Registration support',
      'brandedcalling:index:Branding branding',
    ]);
    const billing = (await api.listRegistrations()).find((r) => r.phoneNumber === '+33140000003');
    assert.deepEqual(billing.carriers.map((c: any) => c.carrierCode), ['OFR']);
    assert.equal(billing.verifyCallerAction, 'BLOCK_UNVERIFIED');
    const support = (await api.listRegistrations()).find((r) => r.phoneNumber === '+33140000001');
    assert.deepEqual(support.carriers.map((c: any) => c.carrierCode).sort(), ['BYG', 'OFR']);
    assert.equal(support.verifyCallerAction, 'DO_NOT_BRAND');
    await stack.preview(['--expect-no-changes']);
  });

  it('one line edited: the preview shows that registration and field only, up makes one write', async () => {
    edit((text) => text.replace('displayName: ACME Sales', 'displayName: ACME Ventes'));
    const preview = await stack.preview(['--diff']);
    assert.deepEqual(changedResources(preview.stdout), [`~ ${TYPE}:Registration: (update)`], preview.stdout);
    assert.match(preview.stdout, /\[urn=urn:pulumi:[^\]]*::sales\]/);
    assert.match(preview.stdout, /~ displayName\s*: "ACME Sales" => "ACME Ventes"/);
    // No other field of it changes either (the stack outputs, after "--outputs:--", show the new name too).
    const resourcesPart = preview.stdout.split(/--outputs:--|^Outputs:/m)[0];
    assert.equal(resourcesPart.split('\n').filter((line) => /^\s*[~+-]\s*\w+\s*:/.test(line)).length, 1, preview.stdout);
    assert.match(preview.stdout, /~ 1 to update/);
    assert.doesNotMatch(preview.stdout, /to create|to delete|to replace/);
    assert.equal(totalRequests(emulator), 0, 'the preview called the API');

    await stack.up();
    assert.equal(emulator.counters().writes, 1);
    assert.equal((await api.listRegistrations()).find((r) => r.phoneNumber === '+33140000002').displayName, 'ACME Ventes');
  });

  it('keys renamed with their old keys in formerKeys: no change, and up only renames them in the state', async () => {
    const before = await stack.resources();
    edit((text) =>
      text
        .replace(/^ {2}acme:.*$/m, '  acme-corp:\n    formerKeys: [acme]')
        .replace('      sales:\n', '      sales-fr:\n        formerKeys: [sales]\n'),
    );
    await stack.preview(['--expect-no-changes']);
    await stack.up();
    assert.equal(emulator.counters().writes, 0);
    const after = await stack.resources();
    const idOf = (resources: any[], name: string) => resources.find((r) => r.urn.endsWith(`::${name}`))?.id;
    assert.equal(idOf(after, 'sales-fr'), idOf(before, 'sales'));
    assert.equal(idOf(after, 'acme-corp'), idOf(before, 'acme'));
    assert.equal(idOf(after, 'acme-corp-OFR'), idOf(before, 'acme-OFR'), "the carriers follow their customer's key");
    assert.equal(idOf(after, 'sales'), undefined);
  });

  it('a file with errors fails the preview with each path and line, calling nothing', async () => {
    const valid = fs.readFileSync(manifestFile(), 'utf8');
    edit((text) =>
      text
        .replace('displayName: ACME Support', 'displayName: ACME Support, open 24 hours a day, every day')
        .replace('carrierCodes: [OFR]', 'carrierCodes: [SFR]')
        .replace('countryOfRegistration: FR', 'countryOfRegistration: France'),
    );
    const lineOf = (needle: string) => fs.readFileSync(manifestFile(), 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1;
    const preview = await stack.preview([], { expectFailure: true });
    const output = preview.stdout + preview.stderr;
    assert.match(output, /branding\.yaml: 3 errors/);
    assert.match(output, new RegExp(`branding\\.yaml:${lineOf('countryOfRegistration')}:7: customers\\.acme-corp\\.company\\.countryOfRegistration: must be an ISO 3166-1 alpha-2 country code`));
    assert.match(output, new RegExp(`branding\\.yaml:${lineOf('open 24 hours')}:9: customers\\.acme-corp\\.registrations\\.support\\.displayName: must be at most 32 characters`));
    assert.match(output, new RegExp(`branding\\.yaml:${lineOf('carrierCodes: [SFR]')}:24: customers\\.acme-corp\\.registrations\\.billing\\.carrierCodes\\[0\\]: SFR is not one of this customer's carriers`));
    assert.doesNotMatch(output, /at new Branding|\.js:\d+:\d+\)/, 'a stack trace instead of the errors');
    assert.equal(totalRequests(emulator), 0);
    assert.equal(emulator.counters().writes, 0);
    fs.writeFileSync(manifestFile(), valid);
  });

  it('a secret the file references but the stack config lacks: the manifest path and the config key named', async () => {
    const valid = fs.readFileSync(manifestFile(), 'utf8');
    edit((text) => text.replace('        displayName: ACME Billing\n', '        displayName: ACME Billing\n        sinkCredential: { secretConfig: billingSink }\n'));
    const preview = await stack.preview([], { expectFailure: true });
    const output = preview.stdout + preview.stderr;
    assert.match(output, /branding\.yaml:\d+:9 customers\.acme-corp\.registrations\.billing\.sinkCredential \(registration billing\): the stack config branded-calling-manifest:billingSink is not set: pulumi config set --secret branded-calling-manifest:billingSink/);
    assert.equal(totalRequests(emulator), 0);
    fs.writeFileSync(manifestFile(), valid);
  });

  it('destroy removes everything, registrations before carriers before the customer', async () => {
    await stack.destroy();
    assert.deepEqual(await stack.resources(), []);
    assert.deepEqual(await api.listRegistrations(), []);
    assert.deepEqual(await api.listCustomers(), []);
    fs.writeFileSync(manifestFile(), original);
  });
});
