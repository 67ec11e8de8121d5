// Adoption's decisions without engine or network: what the first preview says, what the
// first up writes, and that a secret is named but never shown.
import { strict as assert } from 'node:assert';
import { checkAdoption, createOrAdopt, diffWithAdoption } from '../../provider/adoption';
import { readSettings } from '../../provider/config';
import { LifecycleContext } from '../../provider/lifecycle';
import { registrationLifecycle } from '../../provider/resources/registration';

const live = {
  registrationId: 'r-1',
  customerId: 'c-1',
  phoneNumber: '+33140000001',
  displayName: 'ACME Support',
  terminatingCountryCode: 33,
  status: 'active',
  carriers: [{ carrierCode: 'OFR', status: 'active' }],
};

/** A context whose registrations API holds `live` and records what is written. */
function fakeApi() {
  const notes: string[] = [];
  const writes: unknown[] = [];
  const registrations = {
    get: async (id: string) => (id === live.registrationId ? live : undefined),
    replace: async (id: string, body: Record<string, unknown>) => {
      writes.push({ id, body });
      return { ...live, ...body, status: 'pending' };
    },
    create: async () => assert.fail('adoption must not create'),
  };
  const ctx: LifecycleContext = {
    settings: (namespace) => readSettings(() => undefined, { BRANDED_CALLING_API_ROOT: 'http://127.0.0.1:1' }, namespace ?? 'brandedcalling'),
    client: () => ({ registrations }) as never,
    warn: (message) => notes.push(message),
    info: (message) => notes.push(message),
  };
  return { ctx, notes, writes };
}

const declared = { existingId: 'r-1', customerId: 'c-1', phoneNumber: '+33140000001', displayName: 'ACME Support', terminatingCountryCode: 33 };

describe('adoption', () => {
  it('reads only when the resource enters the stack', async () => {
    const { ctx, notes } = fakeApi();
    assert.deepEqual(await checkAdoption(registrationLifecycle, {}, declared, ctx), []);
    assert.match(notes[0], /Registration \+33140000001: existing registration "r-1" will be adopted as it is/);
    const before = notes.length;
    assert.deepEqual(await checkAdoption(registrationLifecycle, declared, declared, { ...ctx, client: () => assert.fail('no read once in the stack') }), []);
    assert.equal(notes.length, before);
  });

  it('adopts without writing when nothing differs, and outputs no existingId', async () => {
    const { ctx, writes } = fakeApi();
    const { id, outs } = await createOrAdopt(registrationLifecycle, declared, ctx);
    assert.equal(id, 'r-1');
    assert.deepEqual(writes, []);
    assert.equal('existingId' in outs, false);
    assert.equal(diffWithAdoption(registrationLifecycle, id, outs, declared, ctx).changes, false);
  });

  it('names a secret that will be sent, never its value, and sends it', async () => {
    const { ctx, notes, writes } = fakeApi();
    const sinkCredential = { credentialType: 'ACCESSTOKEN', accessToken: 'token-secret-1', accessTokenExpiresUtc: '2030-01-01T00:00:00Z', accessTokenType: 'bearer' };
    const withCredential = { ...declared, sink: 'https://hooks.acme.example/brand', sinkCredential };
    await checkAdoption(registrationLifecycle, {}, withCredential, ctx);
    assert.match(notes.join('\n'), /sinkCredential: set \(secret/);
    assert.match(notes.join('\n'), /sink: \(absent\) -> "https:\/\/hooks\.acme\.example\/brand"/);
    assert.equal(notes.join('\n').includes('token-secret-1'), false);
    const { outs } = await createOrAdopt(registrationLifecycle, withCredential, ctx);
    assert.equal(writes.length, 1);
    assert.equal(JSON.stringify(outs).includes('token-secret-1'), false);
  });

  it('fails check on a missing id, naming existingId and how to find ids', async () => {
    const { ctx } = fakeApi();
    const [failure] = await checkAdoption(registrationLifecycle, {}, { ...declared, existingId: 'r-404' }, ctx);
    assert.equal(failure.property, 'existingId');
    assert.match(failure.reason, /there is no Registration "r-404" in the account that the brandedcalling credentials reach \(http:\/\/127\.0\.0\.1:1\).*discover/);
    await assert.rejects(createOrAdopt(registrationLifecycle, { ...declared, existingId: 'r-404' }, ctx), /Nothing was written/);
  });
});
