// The provider plugin's own part, without the Pulumi CLI: type tokens to lifecycles,
// secrets carried through, settings from the environment only, the detailed diff, read
// with an id alone (what `pulumi import` sends), and the executable answering gRPC.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { createPluginProvider, detailFields, environmentBinding, kindOfUrn, PropertyChange, type PluginProvider } from '../../provider/plugin/provider';
import { conceal, reveal } from '../../provider/plugin/secrets';
import { DirectApi } from '../support/emulator-api';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SIG = '4dabf18193072939515e22adb298388d';
const SECRET = '1b47061264138c4ac30d75fd1eb44270';
const secret = (value: unknown) => ({ [SIG]: SECRET, value });
const urn = (type: string, name = 'x') => `urn:pulumi:dev::proj::brandedcalling:index:${type}::${name}`;

const customer = {
  company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' },
  brand: { name: 'ACME' },
};

/** Runs `body` with exactly these BRANDED_CALLING_* variables set. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('BRANDED_CALLING_')) delete process.env[key];
  Object.assign(process.env, vars);
  try {
    return await body();
  } finally {
    process.env = saved;
  }
}

function plugin(): { provider: PluginProvider; notes: string[] } {
  const notes: string[] = [];
  const binding = environmentBinding((message) => notes.push(message));
  return { provider: createPluginProvider({ version: '0.1.0', schema: async () => '{}', binding }), notes };
}

describe('the provider plugin', () => {
  it('serves the three type tokens, under a parent too, and names them when given another', () => {
    assert.equal(kindOfUrn(urn('Customer')), 'customer');
    assert.equal(kindOfUrn(urn('Carrier')), 'carrier');
    assert.equal(kindOfUrn('urn:pulumi:dev::proj::my:component:Branding$brandedcalling:index:Registration::support'), 'registration');
    assert.throws(() => kindOfUrn(urn('Number')), /brandedcalling has no resource type "brandedcalling:index:Number": it serves brandedcalling:index:Customer, brandedcalling:index:Carrier, brandedcalling:index:Registration/);
  });

  it('unwraps secrets for the lifecycles and wraps them again at the same place', () => {
    const wire = { a: secret('s'), b: { c: secret({ d: 1 }), e: 2 }, f: [1, secret(2)] };
    const { plain, secrets } = reveal(wire);
    assert.deepEqual(plain, { a: 's', b: { c: { d: 1 }, e: 2 }, f: [1, 2] });
    assert.deepEqual(conceal(plain, secrets), wire);
    // A path that is gone is skipped; a path inside a secret is not wrapped twice.
    assert.deepEqual(conceal({ b: { e: 2 } }, [['a'], ['b'], ['b', 'e']]), { b: secret({ e: 2 }) });
  });

  describe('check', () => {
    const env = { BRANDED_CALLING_CLIENT_ID: 'id', BRANDED_CALLING_CLIENT_SECRET: 'secret' };

    it('keeps secret what came secret, and makes sinkCredential secret whatever the program passed', async () => {
      await withEnv({ ...env, BRANDED_CALLING_REGISTRATION_API_VERSION: 'v0.2' }, async () => {
        const news = {
          customerId: 'c-1',
          phoneNumber: '+33140000001',
          displayName: secret('ACME Support'),
          terminatingCountryCode: 33,
          sinkCredential: { credentialType: 'PRIVATE_KEY_JWT' },
        };
        const { inputs, failures } = await plugin().provider.check!(urn('Registration'), {}, news);
        assert.deepEqual(failures, []);
        assert.deepEqual(inputs.displayName, secret('ACME Support'));
        assert.deepEqual(inputs.sinkCredential, secret({ credentialType: 'PRIVATE_KEY_JWT' }));
        assert.equal(inputs.phoneNumber, '+33140000001');
      });
    });

    it('judges a secret value by its content, naming the property', async () => {
      await withEnv(env, async () => {
        const { failures } = await plugin().provider.check!(urn('Registration'), {}, { customerId: 'c-1', phoneNumber: secret('0140000001'), displayName: 'x' });
        assert.deepEqual(failures!.map((f) => f.property), ['phoneNumber']);
      });
    });

    it('takes credentials from the environment only, and says so when they are missing', async () => {
      await withEnv({}, async () => {
        const { failures } = await plugin().provider.check!(urn('Customer'), {}, customer);
        assert.equal(failures!.length, 1);
        assert.match(failures![0].reason, /set the environment variables BRANDED_CALLING_CLIENT_ID and BRANDED_CALLING_CLIENT_SECRET \(or BRANDED_CALLING_AUTHORIZATION_HEADER\) where pulumi runs: the provider plugin is not given the stack config/);
      });
    });

    it('refuses configNamespace: the plugin sees no stack config', async () => {
      await withEnv(env, async () => {
        const { failures } = await plugin().provider.check!(urn('Customer'), {}, { ...customer, configNamespace: 'acmeAccount' });
        assert.deepEqual(failures!.map((f) => f.property), ['configNamespace']);
        assert.match(failures![0].reason, /BRANDED_CALLING_\* environment variables only/);
      });
    });
  });

  describe('diff', () => {
    const registration = { customerId: 'c-1', phoneNumber: '+33140000001', displayName: 'ACME Support', carrierCodes: ['OFR', 'BYG'] };
    const outputs = { ...registration, registrationId: 'r-1', status: 'pending', carrierStatuses: [] };

    it('details the fields that changed: in place, or replacing', async () => {
      const { provider } = plugin();
      const renamed = await provider.diff('r-1', urn('Registration'), outputs, { ...registration, displayName: 'ACME Help' }, registration);
      assert.deepEqual([renamed.changes, renamed.changedKeys, renamed.detailedDiff], [true, ['displayName'], { displayName: PropertyChange.UPDATE }]);
      const moved = await provider.diff('r-1', urn('Registration'), outputs, { ...registration, customerId: 'c-2', campaignName: 'Spring' }, registration);
      assert.deepEqual(moved.replaces, ['customerId']);
      assert.deepEqual(moved.detailedDiff, { customerId: PropertyChange.UPDATE_REPLACE, campaignName: PropertyChange.ADD });
      const reordered = await provider.diff('r-1', urn('Registration'), outputs, { ...registration, carrierCodes: ['BYG', 'OFR'] }, registration);
      assert.deepEqual([reordered.changes, reordered.detailedDiff], [false, {}]);
    });

    it('goes down to the leaves of an object, and across secrets', async () => {
      const { provider } = plugin();
      const outs = { ...customer, customerId: 'c-1' };
      const news = { ...customer, company: { ...customer.company, legalName: secret('ACME SAS'), legalForm: 'SAS' } };
      const result = await provider.diff('c-1', urn('Customer'), outs, news, customer);
      assert.deepEqual(result.detailedDiff, { 'company.legalName': PropertyChange.UPDATE, 'company.legalForm': PropertyChange.ADD });
    });

    it('shows a new write-only sink credential as an update of the field', () => {
      const credential = { credentialType: 'PRIVATE_KEY_JWT' };
      assert.deepEqual(detailFields(['sinkCredential'], [], { sinkCredential: credential }, { sinkCredential: credential }), { sinkCredential: PropertyChange.UPDATE });
      assert.deepEqual(detailFields(['sinkCredential'], [], {}, { sinkCredential: credential }), { sinkCredential: PropertyChange.ADD });
    });
  });

  describe('read with an id alone, as pulumi import sends it', () => {
    let emulator: RunningEmulator;
    let api: DirectApi;
    before(async () => {
      emulator = await startEmulator({ decisionDelayMs: -1 });
      api = new DirectApi(emulator);
    });
    after(async () => emulator?.stop());

    it('returns the inputs that declare each object, and its outputs; a missing id returns none', async () => {
      const env = { BRANDED_CALLING_API_ROOT: emulator.url, BRANDED_CALLING_CLIENT_ID: emulator.demoClient.clientId, BRANDED_CALLING_CLIENT_SECRET: emulator.demoClient.clientSecret };
      await withEnv(env, async () => {
        const { provider } = plugin();
        const created = (await api.call('POST', '/branded-calling/v0.1/customers', customer)).body;
        await api.call('POST', `/branded-calling/v0.1/customers/${created.customerId}/carriers`, { carrierCode: 'OFR' });
        const number = (await api.call('POST', api.registrations(), { customerId: created.customerId, phoneNumber: '+33140000009', displayName: 'ACME Labs', terminatingCountryCode: 33 })).body;
        emulator.resetCounters();

        const read = await provider.read!(created.customerId, urn('Customer'), {});
        assert.deepEqual(read.inputs, customer);
        assert.equal(read.props.customerId, created.customerId);
        const carrier = await provider.read!(`${created.customerId}/OFR`, urn('Carrier'), {});
        assert.deepEqual(carrier.inputs, { customerId: created.customerId, carrierCode: 'OFR' });
        const registration = await provider.read!(number.registrationId, urn('Registration'), {});
        assert.deepEqual(registration.inputs, { customerId: created.customerId, phoneNumber: '+33140000009', displayName: 'ACME Labs' });
        assert.equal(registration.props.registrationId, number.registrationId);
        assert.equal(emulator.counters().writes, 0);

        assert.deepEqual(await provider.read!('no-such-id', urn('Customer'), {}), { id: '', props: {} });
      });
    });
  });

  describe('the executable, bin/pulumi-resource-brandedcalling', () => {
    let child: ChildProcess | undefined;
    after(() => child?.kill());

    it('serves gRPC: its version, schema.json, and a diff with its detail', async () => {
      child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'pulumi-resource-brandedcalling')], { stdio: ['ignore', 'pipe', 'inherit'] });
      const port = await new Promise<string>((resolve, reject) => {
        child!.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        child!.once('exit', (code) => reject(new Error(`the plugin exited with ${code}`)));
      });
      const pulumiDir = path.dirname(require.resolve('@pulumi/pulumi'));
      const grpc = require(require.resolve('@grpc/grpc-js', { paths: [pulumiDir] }));
      const { Struct } = require(require.resolve('google-protobuf/google/protobuf/struct_pb', { paths: [pulumiDir] }));
      const { Empty } = require(require.resolve('google-protobuf/google/protobuf/empty_pb', { paths: [pulumiDir] }));
      const services = require('@pulumi/pulumi/proto/provider_grpc_pb');
      const messages = require('@pulumi/pulumi/proto/provider_pb');
      const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      const call = <T>(method: string, request: unknown) =>
        new Promise<T>((resolve, reject) => client[method](request, (error: unknown, response: T) => (error ? reject(error) : resolve(response))));
      try {
        const info = await call<any>('getPluginInfo', new Empty());
        assert.equal(info.getVersion(), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
        const schemaRequest = new messages.GetSchemaRequest();
        const schema = await call<any>('getSchema', schemaRequest);
        assert.equal(schema.getSchema(), fs.readFileSync(path.join(REPO_ROOT, 'schema.json'), 'utf8'));

        const before = { customerId: 'c-1', phoneNumber: '+33140000001', displayName: 'ACME Support' };
        const request = new messages.DiffRequest();
        request.setId('r-1');
        request.setUrn(urn('Registration', 'support'));
        request.setOlds(Struct.fromJavaScript({ ...before, registrationId: 'r-1', status: 'pending' }));
        request.setOldInputs(Struct.fromJavaScript(before));
        request.setNews(Struct.fromJavaScript({ ...before, customerId: 'c-2', displayName: 'ACME Help' }));
        const diff = await call<any>('diff', request);
        assert.equal(diff.getChanges(), messages.DiffResponse.DiffChanges.DIFF_SOME);
        assert.deepEqual(diff.getReplacesList(), ['customerId']);
        assert.equal(diff.getDeletebeforereplace(), true);
        assert.deepEqual(diff.getDiffsList().sort(), ['customerId', 'displayName']);
        assert.equal(diff.getHasdetaileddiff(), true);
        const detail: Record<string, number> = {};
        diff.getDetaileddiffMap().forEach((value: any, key: string) => (detail[key] = value.getKind()));
        assert.deepEqual(detail, { customerId: PropertyChange.UPDATE_REPLACE, displayName: PropertyChange.UPDATE });
      } finally {
        client.close();
      }
    });
  });
});
