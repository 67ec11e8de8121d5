import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { ApiError, isApiError, type ApiClient } from '../../provider/client/index';
import { clientOf, customerBody, emulator, rejection, uniqueNumber } from './helpers';

describe('client: customers and carriers', () => {
  let emu: RunningEmulator;
  let client: ApiClient;

  before(async () => {
    emu = await emulator();
    client = clientOf(emu);
  });
  after(() => emu.stop());

  it('creates, gets, lists, replaces and deletes a customer', async () => {
    const body = customerBody();
    const created = await client.customers.create(body);
    assert.match(created.customerId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(created.company, body.company);
    assert.deepEqual(created.brand, body.brand);
    assert.equal(typeof created.createdAt, 'string');

    const read = await client.customers.get(created.customerId);
    assert.deepEqual(read, created);

    const listed = await client.customers.list();
    assert.ok(listed.some((c) => c.customerId === created.customerId));

    const changed = customerBody(body.company.registrationNumber);
    changed.brand.name = 'ACME Renamed';
    const replaced = await client.customers.replace(created.customerId, changed);
    assert.equal(replaced.customerId, created.customerId);
    assert.equal(replaced.brand.name, 'ACME Renamed');
    assert.equal((await client.customers.get(created.customerId))?.brand.name, 'ACME Renamed');

    assert.equal(await client.customers.delete(created.customerId), true);
    assert.equal(await client.customers.get(created.customerId), undefined);
    assert.equal(await client.customers.delete(created.customerId), false);
  });

  it('adds, gets, lists and removes carriers', async () => {
    const { customerId } = await client.customers.create(customerBody());
    const ofr = await client.carriers.add(customerId, 'OFR');
    assert.equal(ofr.carrierCode, 'OFR');
    assert.equal(typeof ofr.status, 'string');
    await client.carriers.add(customerId, 'BYG');

    assert.deepEqual(await client.carriers.get(customerId, 'OFR'), ofr);
    assert.deepEqual(
      (await client.carriers.list(customerId)).map((c) => c.carrierCode),
      ['OFR', 'BYG'],
    );
    assert.equal(await client.carriers.get(customerId, 'SFR'), undefined);

    assert.equal(await client.carriers.remove(customerId, 'OFR'), true);
    assert.equal(await client.carriers.remove(customerId, 'OFR'), false);
    assert.equal(await client.carriers.get(customerId, 'OFR'), undefined);
    assert.deepEqual(
      (await client.carriers.list(customerId)).map((c) => c.carrierCode),
      ['BYG'],
    );
    // Gone customer: a get of its carrier is a 404 too.
    await client.carriers.remove(customerId, 'BYG');
    await client.customers.delete(customerId);
    assert.equal(await client.carriers.get(customerId, 'BYG'), undefined);
    assert.equal(await client.carriers.remove(customerId, 'BYG'), false);
  });

  it('fails with the operation, status, code, message and correlator', async () => {
    const number = uniqueNumber();
    const { customerId } = await client.customers.create(customerBody(number));
    const conflict = await rejection(client.customers.create(customerBody(number)));
    assert.ok(conflict instanceof ApiError);
    assert.equal(conflict.operation, 'create customer');
    assert.equal(conflict.status, 409);
    assert.equal(conflict.code, 'CONFLICT');
    assert.ok(isApiError(conflict, 409, 'CONFLICT'));
    assert.ok(!isApiError(conflict, 404));
    assert.ok(!isApiError(new Error('x')));
    assert.match(conflict.apiMessage ?? "", /already has registration number/);
    assert.match(conflict.correlator, /^[0-9a-f-]{36}$/);
    assert.equal(
      conflict.message,
      `create customer failed: HTTP 409 CONFLICT: ${conflict.apiMessage} (x-correlator ${conflict.correlator})`,
    );

    await client.carriers.add(customerId, 'OFR');
    const busy = await rejection(client.customers.delete(customerId));
    assert.equal(busy.status, 409);
    assert.equal(busy.operation, `delete customer ${customerId}`);

    const unknown = await rejection(client.carriers.add(customerId, 'XYZ'));
    assert.equal(unknown.status, 422);
    assert.equal(unknown.code, 'SERVICE_NOT_APPLICABLE');
    assert.equal(unknown.operation, `add carrier XYZ to customer ${customerId}`);

    const invalid = await rejection(client.customers.create({ company: {}, brand: {} } as never));
    assert.equal(invalid.status, 400);
    assert.equal(invalid.code, 'INVALID_ARGUMENT');
  });

  it('encodes ids in paths', async () => {
    assert.equal(await client.customers.get('../registrations?x=1'), undefined);
    assert.equal(await client.carriers.get('a/b', 'OFR'), undefined);
    assert.ok((await rejection(client.customers.get('..'))) instanceof TypeError);
    assert.ok((await rejection(client.customers.get(''))) instanceof TypeError);
  });
});
