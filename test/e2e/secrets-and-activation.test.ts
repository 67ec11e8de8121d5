// Secrets never in clear (state, verbose logs), the v0.2 API with a write-only sink
// credential, and the optional wait for activation: a timeout keeps the registration in
// state, and the next up waits again instead of creating it twice.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, RunningEmulator } from '../../emulator';
import { PulumiStack } from '../../scripts/lib/pulumi-cli';
import { DirectApi, requestsTo } from '../support/emulator-api';
import { makeProgram } from '../support/installed-package';

const SINK_TOKEN = 'sink-token-7f3e9c1a-do-not-print';

function program({ wait = 0, displayName = 'ACME Alerts' } = {}): string {
  return `
const bc = require('pulumi-branded-calling');
const acme = new bc.Customer('acme', {
  company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' },
  brand: { name: 'ACME' },
});
const ofr = new bc.Carrier('acme-ofr', { customerId: acme.customerId, carrierCode: 'OFR' });
const alerts = new bc.Registration('alerts', {
  customerId: acme.customerId,
  carrierCodes: [ofr.carrierCode],
  phoneNumber: '+33140000010',
  displayName: ${JSON.stringify(displayName)},
  terminatingCountryCode: 33,
  expiresAt: '2030-12-31',
  callPurpose: 'Customer-Service',
  sink: 'https://hooks.acme.example/branded-calling',
  sinkCredential: { credentialType: 'ACCESSTOKEN', accessToken: ${JSON.stringify(SINK_TOKEN)}, accessTokenExpiresUtc: '2030-12-31T00:00:00Z', accessTokenType: 'bearer' },
  ${wait ? `waitForActiveSeconds: ${wait},` : ''}
});
exports.status = alerts.status;
`;
}

describe('secrets, the v0.2 API and waiting for activation, with the real engine', function () {
  let emulator: RunningEmulator;
  let programDir: string;
  let stack: PulumiStack;
  const secrets = () => [
    emulator.demoClient.clientSecret,
    emulator.demoClient.authorizationHeader,
    emulator.demoClient.authorizationHeader.replace(/^Basic /, ''),
    SINK_TOKEN,
  ];

  function assertNoSecret(text: string, where: string): void {
    for (const secret of secrets()) assert.equal(text.includes(secret), false, `a secret is in clear in ${where}`);
    assert.doesNotMatch(text, /Bearer [A-Za-z0-9._~+/-]{8,}/, `an access token is in clear in ${where}`);
  }

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
    programDir = makeProgram('secrets', program());
    stack = await PulumiStack.create({ programDir });
    await stack.setConfig('brandedcalling:apiRoot', emulator.url);
    // The console's ready header instead of id and secret, without its "Basic " prefix.
    await stack.setConfig('brandedcalling:authorizationHeader', emulator.demoClient.authorizationHeader.replace(/^Basic /, ''), { secret: true });
    await stack.setConfig('brandedcalling:registrationApiVersion', 'v0.2');
  });

  after(async () => {
    stack?.cleanup();
    if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    await emulator?.stop();
  });

  it('creates a v0.2 registration with a sink credential, printing no secret even at -v=9', async () => {
    const up = await stack.up(['-v=9', '--logtostderr', '--logflow']);
    assertNoSecret(up.stdout + up.stderr, 'the output of pulumi up -v=9');
    const registrations = await new DirectApi(emulator).listRegistrations();
    assert.equal(registrations.length, 1);
    assert.equal(registrations[0].callPurpose, 'Customer-Service');
    assert.equal('sinkCredential' in registrations[0], false);
  });

  it('keeps every credential and the sink credential out of the state in clear', async () => {
    const state = await stack.exportState();
    assertNoSecret(JSON.stringify(state), 'pulumi stack export');
    const alerts = state.deployment.resources.find((r: any) => r.urn.endsWith('::alerts'));
    assert.equal(alerts.inputs.sinkCredential['4dabf18193072939515e22adb298388d'], '1b47061264138c4ac30d75fd1eb44270');
    // Write-only: no output at all (outputs reach the program and its debug logs), a digest instead.
    assert.equal('sinkCredential' in alerts.outputs, false);
    assert.match(alerts.outputs.sinkCredentialDigest, /^sha256:[0-9a-f]{64}$/);
    for (const entry of fs.readdirSync(stack.workDir, { recursive: true }) as string[]) {
      const file = path.join(stack.workDir, entry);
      if (fs.statSync(file).isFile()) assertNoSecret(fs.readFileSync(file, 'utf8'), file);
    }
  });

  it('keeps the write-only sink credential through a refresh: no diff after it', async () => {
    await stack.refresh();
    await stack.preview(['--expect-no-changes']);
  });

  it('a wait for activation that times out keeps the registration in state; the next up waits again', async () => {
    fs.writeFileSync(path.join(programDir, 'index.js'), program({ wait: 2, displayName: 'ACME Alertes' }));
    emulator.resetCounters();
    const first = await stack.up([], { expectFailure: true });
    assert.match(first.stdout + first.stderr, /ACME Alertes.*but it is not active after 2s: OFR pending/s);
    const alerts = (await stack.resources()).find((r) => r.urn.endsWith('::alerts'));
    assert.ok(alerts, 'the registration left the state');
    assert.equal(requestsTo(emulator, /^PUT /), 1);

    const [registration] = await new DirectApi(emulator).listRegistrations();
    emulator.decide(registration.registrationId, 'OFR', { status: 'active' });
    await stack.up();
    assert.equal((await stack.outputs()).status, 'active');
    assert.equal(requestsTo(emulator, /^(POST|PUT) .*registrations/), 1, 'the registration was written again');
    assert.equal((await new DirectApi(emulator).listRegistrations()).length, 1);
    await stack.destroy();
  });
});
