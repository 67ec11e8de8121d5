// The lifecycles' check and diff, without engine or network: what a reviewer reads in a
// preview comes from these decisions.
import { strict as assert } from 'node:assert';
import { ApiError } from '../../provider/client';
import { readSettings } from '../../provider/config';
import * as runtime from '../../provider/dynamic/runtime';
import { LifecycleContext, UNKNOWN } from '../../provider/lifecycle';
import { carrierLifecycle } from '../../provider/resources/carrier';
import { customerLifecycle } from '../../provider/resources/customer';
import { registrationLifecycle } from '../../provider/resources/registration';

function contextWith(config: Record<string, string> = {}): LifecycleContext {
  return {
    settings: (namespace) => readSettings((key) => config[key], {}, namespace ?? 'brandedcalling'),
    client: () => {
      throw new Error('check and diff must not call the API');
    },
    warn: () => undefined,
    info: () => undefined,
  };
}

const customer = {
  company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789', employeeCount: 50 },
  brand: { name: 'ACME', callPurpose: 'survey' },
};
const registration = { customerId: 'c-1', phoneNumber: '+33140000001', displayName: 'ACME Support' };

describe('check: every failure, with its property, before any API call', () => {
  it('accepts a valid customer and a valid registration', () => {
    assert.deepEqual(customerLifecycle.check(customer, contextWith()).failures, []);
    assert.deepEqual(registrationLifecycle.check(registration, contextWith()).failures, []);
  });

  it('reports all the failures of one resource at once, each naming its property', () => {
    const { failures } = customerLifecycle.check(
      {
        company: { ...customer.company, countryOfRegistration: 'France', dunsNumber: '12345', employeeCount: 2.5, address: { town: 'Paris' } },
        brand: { name: '', callPurpose: 'Survey' },
      },
      contextWith(),
    );
    assert.deepEqual(failures.map((f) => f.property).sort(), [
      'brand.callPurpose',
      'brand.name',
      'company.address.town',
      'company.countryOfRegistration',
      'company.dunsNumber',
      'company.employeeCount',
    ]);
    assert.match(failures.find((f) => f.property === 'company.address.town')!.reason, /company\.address\.town: is not a known property/);
    assert.match(failures.find((f) => f.property === 'company.dunsNumber')!.reason, /9 digits/);
  });

  it('counts display names in code points, as the API does', () => {
    const emoji = '😀'; // one code point, two UTF-16 units
    assert.deepEqual(registrationLifecycle.check({ ...registration, displayName: emoji.repeat(32) }, contextWith()).failures, []);
    const { failures } = registrationLifecycle.check({ ...registration, displayName: emoji.repeat(33) }, contextWith());
    assert.deepEqual(failures.map((f) => f.property), ['displayName']);
    assert.match(failures[0].reason, /at most 32 characters/);
  });

  it('lets values that are unknown during preview through, and judges the known ones', () => {
    const { failures } = registrationLifecycle.check({ ...registration, customerId: UNKNOWN, carrierCodes: [UNKNOWN, 'ofr'] }, contextWith());
    assert.deepEqual(failures.map((f) => f.property), ['carrierCodes[1]']);
    assert.deepEqual(customerLifecycle.check({ company: UNKNOWN, brand: customer.brand }, contextWith()).failures, []);
  });

  it('takes the same not-yet-known placeholder twice for two carriers, not for a duplicate', () => {
    assert.deepEqual(registrationLifecycle.check({ ...registration, carrierCodes: [UNKNOWN, UNKNOWN] }, contextWith()).failures, []);
    const { failures } = registrationLifecycle.check({ ...registration, carrierCodes: ['OFR', 'OFR'] }, contextWith());
    assert.match(failures[0].reason, /carrierCodes: must not name a carrier twice/);
  });

  it('says what type a value must be, not that it is missing', () => {
    const { failures } = registrationLifecycle.check(
      { ...registration, phoneNumber: 33140000019, terminatingCountryCode: '33', carrierCodes: 'OFR', waitForActiveSeconds: 0 },
      contextWith(),
    );
    const reasons = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    assert.equal(reasons.phoneNumber, 'phoneNumber: must be a string, not number 33140000019');
    assert.equal(reasons.terminatingCountryCode, 'terminatingCountryCode: must be a number, not string "33"');
    assert.equal(reasons.carrierCodes, 'carrierCodes: must be a list, not string "OFR"');
    assert.equal(reasons.waitForActiveSeconds, 'waitForActiveSeconds: must be between 1 and 86400');
    assert.match(registrationLifecycle.check({ customerId: 'c-1', displayName: 'x' }, contextWith()).failures[0].reason, /phoneNumber: is required/);
    // null is given (a program's `x ?? null`), not missing; NaN is no number to show.
    const given = registrationLifecycle.check({ ...registration, campaignName: null, terminatingCountryCode: Number.NaN }, contextWith()).failures;
    assert.deepEqual(given.map((f) => f.reason), ['terminatingCountryCode: must be a number, not NaN', 'campaignName: must be a string, not null']);
  });

  it('accepts assigned ISO country codes only, and the API\'s length limits', () => {
    const country = (code: string) => customerLifecycle.check({ ...customer, company: { ...customer.company, countryOfRegistration: code } }, contextWith()).failures;
    assert.deepEqual(country('GB'), []);
    for (const code of ['UK', 'EU', 'XK', 'FX', 'ZZ']) assert.match(country(code)[0]?.reason ?? '', /not an assigned ISO 3166-1 country code/, code);
    const long = customerLifecycle.check({ ...customer, company: { ...customer.company, industry: `manufacture_of_${'x'.repeat(60)}` } }, contextWith());
    assert.match(long.failures[0].reason, /company\.industry: must be at most 64 characters/);
  });

  it('refuses v0.2 fields under v0.1, naming the setting to change', () => {
    const { failures } = registrationLifecycle.check({ ...registration, expiresAt: '2027-01-31', callPurpose: 'Survey' }, contextWith());
    assert.deepEqual(failures.map((f) => f.property), ['expiresAt', 'callPurpose']);
    assert.match(failures[0].reason, /set brandedcalling:registrationApiVersion to v0\.2/);
  });

  it('requires terminatingCountryCode under v0.2, per config namespace', () => {
    const ctx = contextWith({ 'second:registrationApiVersion': 'v0.2' });
    assert.deepEqual(registrationLifecycle.check(registration, ctx).failures, []);
    const { failures } = registrationLifecycle.check({ ...registration, configNamespace: 'second' }, ctx);
    assert.deepEqual(failures.map((f) => f.property), ['terminatingCountryCode']);
    assert.match(failures[0].reason, /second:registrationApiVersion is v0\.2/);
  });

  it('checks a carrier code and a sink credential', () => {
    assert.deepEqual(carrierLifecycle.check({ customerId: 'c-1', carrierCode: 'Orange' }, contextWith()).failures.map((f) => f.property), ['carrierCode']);
    const ctx = contextWith({ 'brandedcalling:registrationApiVersion': 'v0.2' });
    const { failures } = registrationLifecycle.check(
      { ...registration, terminatingCountryCode: 33, sink: 'http://hooks.example/x', sinkCredential: { credentialType: 'ACCESSTOKEN', accessToken: 't' } },
      ctx,
    );
    assert.deepEqual(failures.map((f) => f.property).sort(), ['sink', 'sinkCredential.accessTokenExpiresUtc', 'sinkCredential.accessTokenType']);
  });
});

describe('diff: update in place or replace, and no diff where nothing changed', () => {
  const ctx = contextWith();
  const outputs = { ...registration, carrierCodes: ['OFR', 'BYG'], registrationId: 'r-1', status: 'active', createdAt: 'x', carrierStatuses: [] };

  it('finds no change from server-filled fields or key order', () => {
    const reordered = { carrierCodes: ['OFR', 'BYG'], displayName: 'ACME Support', phoneNumber: '+33140000001', customerId: 'c-1' };
    assert.equal(registrationLifecycle.diff('r-1', outputs, reordered, ctx).changes, false);
    const nested = { brand: { callPurpose: 'survey', name: 'ACME' }, company: { employeeCount: 50, registrationNumber: '123456789', countryOfRegistration: 'FR', legalName: 'ACME Corp' } };
    assert.equal(customerLifecycle.diff('c-1', { ...customer, customerId: 'c-1', updatedAt: 'y' }, nested, ctx).changes, false);
  });

  it('updates a registration in place, number included', () => {
    const result = registrationLifecycle.diff('r-1', outputs, { ...registration, carrierCodes: ['OFR', 'BYG'], phoneNumber: '+33140000009', displayName: 'ACME' }, ctx);
    assert.deepEqual(result, { changes: true, replaces: [], deleteBeforeReplace: false, changedKeys: ['phoneNumber', 'displayName'] });
  });

  it('treats carrierCodes as a set: a new order is no change', () => {
    assert.equal(registrationLifecycle.diff('r-1', outputs, { ...registration, carrierCodes: ['BYG', 'OFR'] }, ctx).changes, false);
    assert.equal(registrationLifecycle.diff('r-1', outputs, { ...registration, carrierCodes: ['BYG'] }, ctx).changes, true);
  });

  it("replaces a registration moved to another customer, deleting first", () => {
    const result = registrationLifecycle.diff('r-1', outputs, { ...registration, carrierCodes: ['OFR', 'BYG'], customerId: 'c-2' }, ctx);
    assert.deepEqual(result.replaces, ['customerId']);
    assert.equal(result.deleteBeforeReplace, true);
  });

  it("replaces a carrier whose code or customer changes; updates a customer's fields in place", () => {
    const carrier = { customerId: 'c-1', carrierCode: 'BYG', status: 'active' };
    assert.deepEqual(carrierLifecycle.diff('c-1/BYG', carrier, { customerId: 'c-1', carrierCode: 'SFR' }, ctx).replaces, ['carrierCode']);
    const moved = customerLifecycle.diff('c-1', customer, { ...customer, brand: { ...customer.brand, name: 'ACME Group' } }, ctx);
    assert.deepEqual([moved.changes, moved.replaces], [true, []]);
  });
});

describe('the write-only sink credential', () => {
  it('is compared by a digest kept in the outputs: key order is no change, a new token is', async () => {
    const credential = { credentialType: 'ACCESSTOKEN', accessToken: 'token-1', accessTokenExpiresUtc: '2030-01-01T00:00:00Z', accessTokenType: 'bearer' };
    const inputs = { ...registration, terminatingCountryCode: 33, sinkCredential: credential };
    const record = { ...registration, registrationId: 'r-1', status: 'pending', carriers: [] };
    const client = { registrations: { create: async () => record } };
    const ctx: LifecycleContext = { ...contextWith(), client: () => client as never };
    const { outs } = await registrationLifecycle.create(inputs as never, ctx);
    assert.equal('sinkCredential' in outs, false);
    assert.equal(JSON.stringify(outs).includes('token-1'), false);
    const reordered = { accessTokenType: 'bearer', accessTokenExpiresUtc: '2030-01-01T00:00:00Z', accessToken: 'token-1', credentialType: 'ACCESSTOKEN' };
    assert.equal(registrationLifecycle.diff('r-1', outs, { ...inputs, sinkCredential: reordered }, ctx).changes, false);
    const rotated = registrationLifecycle.diff('r-1', outs, { ...inputs, sinkCredential: { ...credential, accessToken: 'token-2' } }, ctx);
    assert.deepEqual([rotated.changes, rotated.changedKeys, rotated.replaces], [true, ['sinkCredential'], []]);
  });
});

describe('a create that meets 409: its object is taken over, or the error says how to adopt it', () => {
  const conflict = () => new ApiError({ operation: 'create', correlator: 'x-1', status: 409, code: 'CONFLICT', apiMessage: 'already exists' });
  const unavailable = (operation: string) => new ApiError({ operation, correlator: 'x-2', status: 503, code: 'UNAVAILABLE', apiMessage: 'try later' });
  const withClient = (client: unknown): LifecycleContext => ({ ...contextWith(), client: () => client as never });

  it('a registration whose lookup fails: names the number, the cause, and existingId', async () => {
    const client = {
      registrations: {
        create: async () => { throw conflict(); },
        list: async () => { throw unavailable('list registrations (page 1)'); },
      },
    };
    await assert.rejects(registrationLifecycle.create(registration as never, withClient(client)), (error: Error) => {
      assert.match(error.message, /^Registration \+33140000001: the number is already registered in this account/);
      assert.match(error.message, /listing the registrations of customer c-1 to find it failed: list registrations \(page 1\) failed: HTTP 503/);
      assert.match(error.message, /Run pulumi up again to take it over, or declare this resource with existingId set to its registrationId/);
      return true;
    });
  });

  it('a registration nowhere to be found: says how to adopt it', async () => {
    const client = { registrations: { create: async () => { throw conflict(); }, list: async () => [] } };
    await assert.rejects(registrationLifecycle.create(registration as never, withClient(client)), /cannot look up.*existingId set to its registrationId/);
  });

  it('a customer whose lookup fails: names the company, the cause, and existingId', async () => {
    const client = { customers: { create: async () => { throw conflict(); }, list: async () => { throw unavailable('list customers'); } } };
    await assert.rejects(customerLifecycle.create(customer as never, withClient(client)), (error: Error) => {
      assert.match(error.message, /^Customer ACME Corp: the API already holds a customer registered as FR 123456789/);
      assert.match(error.message, /listing the customers to find it failed: list customers failed: HTTP 503/);
      assert.match(error.message, /declare this resource with existingId set to its customerId/);
      return true;
    });
  });
});

describe('the dynamic binding\'s check', () => {
  it('reports missing credentials at preview, naming the settings and environment variables', async () => {
    const config: Record<string, string> = { 'brandedcalling:clientId': 'id' };
    await runtime.configure({ config: { get: (key: string) => config[key] } });
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('BRANDED_CALLING_')) delete process.env[key];
    try {
      const { failures } = await runtime.check('customer', {}, customer);
      assert.equal(failures.length, 1);
      assert.match(failures[0].reason, /no credentials for brandedcalling: set brandedcalling:clientId and brandedcalling:clientSecret/);
      assert.match(failures[0].reason, /BRANDED_CALLING_CLIENT_SECRET/);
      config['brandedcalling:clientSecret'] = 'secret';
      assert.deepEqual((await runtime.check('customer', {}, customer)).failures, []);
    } finally {
      process.env = saved;
    }
  });
});

describe('settings', () => {
  it('takes the stack config first, then the environment, per namespace', () => {
    const env = { BRANDED_CALLING_CLIENT_ID: 'env-id', BRANDED_CALLING_API_ROOT: 'http://127.0.0.1:1' };
    const config: Record<string, string> = { 'brandedcalling:clientId': 'config-id', 'other:apiRoot': 'https://other.example' };
    const main = readSettings((k) => config[k], env);
    assert.equal(main.clientId, 'config-id');
    assert.equal(main.apiRoot, 'http://127.0.0.1:1');
    const other = readSettings((k) => config[k], env, 'other');
    assert.equal(other.apiRoot, 'https://other.example');
    assert.equal(other.clientId, 'env-id');
    assert.equal(readSettings(() => undefined, {}).apiRoot, 'https://api.orange.com');
    assert.equal(readSettings(() => undefined, {}).registrationApiVersion, 'v0.1');
  });

  it('refuses an unknown registration API version, naming the setting', () => {
    assert.throws(() => readSettings(() => 'v1', {}), /brandedcalling:registrationApiVersion \(or BRANDED_CALLING_REGISTRATION_API_VERSION\) must be v0\.1 or v0\.2/);
  });
});
