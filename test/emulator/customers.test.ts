import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index';
import { Api, ONBOARDING, REG_V01, customerBody, expectError, startWithApi, uniqueNumber, uniquePhone } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('emulator: customers', () => {
  let emulator: RunningEmulator;
  let api: Api;
  before(async () => ({ emulator, api } = await startWithApi()));
  after(() => emulator.stop());

  it('creates a customer: 201, a UUID, the fields as sent, server-filled timestamps', async () => {
    const body = customerBody({ registrationNumber: uniqueNumber() });
    const answer = await api.post(`${ONBOARDING}/customers`, body);
    assert.equal(answer.status, 201);
    assert.match(answer.body.customerId, UUID);
    assert.deepEqual(answer.body.company, body.company);
    assert.deepEqual(answer.body.brand, body.brand);
    assert.ok(!Number.isNaN(Date.parse(answer.body.createdAt)));
    assert.equal(answer.body.updatedAt, answer.body.createdAt);
  });

  it('answers with keys in an order other than the request', async () => {
    const body = customerBody({ registrationNumber: uniqueNumber() });
    const answer = await api.post(`${ONBOARDING}/customers`, body);
    assert.notDeepEqual(Object.keys(answer.body.company), Object.keys(body.company));
    assert.notDeepEqual(Object.keys(answer.body), ['company', 'brand', 'customerId', 'createdAt', 'updatedAt']);
  });

  it('lists, reads, replaces and deletes', async () => {
    const id = await api.createCustomer();
    const list = await api.get(`${ONBOARDING}/customers`);
    assert.equal(list.status, 200);
    assert.ok(list.body.customers.some((c: any) => c.customerId === id));

    const read = await api.get(`${ONBOARDING}/customers/${id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.customerId, id);

    const replacement = customerBody({ registrationNumber: uniqueNumber(), legalName: 'ACME Holding' });
    delete replacement.company.dunsNumber;
    const replaced = await api.put(`${ONBOARDING}/customers/${id}`, replacement);
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.company.legalName, 'ACME Holding');
    assert.equal(replaced.body.company.dunsNumber, undefined, 'PUT is a full replacement');
    assert.equal(replaced.body.createdAt, read.body.createdAt);
    assert.ok(replaced.body.updatedAt >= read.body.updatedAt);
    assert.deepEqual((await api.get(`${ONBOARDING}/customers/${id}`)).body, replaced.body);

    const deleted = await api.del(`${ONBOARDING}/customers/${id}`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    expectError(await api.get(`${ONBOARDING}/customers/${id}`), 404, 'NOT_FOUND');
    expectError(await api.del(`${ONBOARDING}/customers/${id}`), 404, 'NOT_FOUND');
    expectError(await api.put(`${ONBOARDING}/customers/${id}`, customerBody()), 404, 'NOT_FOUND');
  });

  const invalidBodies: Array<[string, (b: any) => void]> = [
    ['company missing', (b) => delete b.company],
    ['legalName missing', (b) => delete b.company.legalName],
    ['brand name missing', (b) => delete b.brand.name],
    ['an unknown country', (b) => (b.company.countryOfRegistration = 'XX')],
    ['a lower-case country', (b) => (b.company.countryOfRegistration = 'fr')],
    ['a website that is no URL', (b) => (b.company.corporateWebsite = 'www.acme.com')],
    ['a DUNS number of 8 digits', (b) => (b.company.dunsNumber = '12345678')],
    ['a fractional employeeCount', (b) => (b.company.employeeCount = 1.5)],
    ['employeeCount as a string', (b) => (b.company.employeeCount = '50')],
    ['a bad email', (b) => (b.company.contact.email = 'john-at-acme.com')],
    ['a phone number without +', (b) => (b.brand.contact.phoneNumber = '33698765432')],
    ['a phone number starting with +0', (b) => (b.brand.contact.phoneNumber = '+0698765432')],
    ['an industry not in snake_case', (b) => (b.company.industry = 'Water Supply')],
    ['an unknown top-level property', (b) => (b.extra = true)],
    ['an unknown property in company', (b) => (b.company.vatNumber = 'FR123')],
    ['an unknown nested property', (b) => (b.company.address.floor = '3')],
    ['an unknown property in brand.contact', (b) => (b.brand.contact.mobile = '+33600000002')],
    ['a null optional field', (b) => (b.company.legalForm = null)],
    ['an array body', (b) => Object.assign(b, { company: [] })],
  ];
  for (const [name, mutate] of invalidBodies) {
    it(`answers 400 INVALID_ARGUMENT for ${name}`, async () => {
      const body = customerBody({ registrationNumber: uniqueNumber() });
      mutate(body);
      expectError(await api.post(`${ONBOARDING}/customers`, body), 400, 'INVALID_ARGUMENT');
    });
  }

  it('answers 400 for invalid JSON, a missing body and a non-JSON content type', async () => {
    expectError(await api.post(`${ONBOARDING}/customers`, '{"company": '), 400, 'INVALID_ARGUMENT');
    expectError(await api.request('POST', `${ONBOARDING}/customers`), 400, 'INVALID_ARGUMENT');
    expectError(
      await api.post(`${ONBOARDING}/customers`, JSON.stringify(customerBody()), { 'content-type': 'text/plain' }),
      400,
      'INVALID_ARGUMENT',
    );
  });

  it('validates the replacement body too (400 on PUT)', async () => {
    const id = await api.createCustomer();
    const body = customerBody({ registrationNumber: uniqueNumber() });
    body.company.address.floor = '2';
    expectError(await api.put(`${ONBOARDING}/customers/${id}`, body), 400, 'INVALID_ARGUMENT');
  });

  it('keeps one customer per country and registration number (409), on create and on replace', async () => {
    const number = uniqueNumber();
    const first = await api.createCustomer(number, 'FR');
    expectError(await api.post(`${ONBOARDING}/customers`, customerBody({ registrationNumber: number })), 409, 'CONFLICT');
    const other = await api.createCustomer(number, 'BE');
    assert.notEqual(other, first);
    expectError(
      await api.put(`${ONBOARDING}/customers/${other}`, customerBody({ registrationNumber: number, countryOfRegistration: 'FR' })),
      409,
      'CONFLICT',
    );
    // Replacing a customer with its own key is no conflict.
    assert.equal((await api.put(`${ONBOARDING}/customers/${first}`, customerBody({ registrationNumber: number }))).status, 200);
  });

  it('refuses to delete a customer while it has carriers or registrations (409)', async () => {
    const id = await api.customerWithCarriers('OFR');
    expectError(await api.del(`${ONBOARDING}/customers/${id}`), 409, 'CONFLICT');

    const registration = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId: id });
    // With the carrier gone (impossible while targeted) the registration alone still blocks.
    expectError(await api.del(`${ONBOARDING}/customers/${id}/carriers/OFR`), 409, 'CONFLICT');
    assert.equal((await api.del(`${REG_V01}/registrations/${registration.registrationId}`)).status, 204);
    assert.equal((await api.del(`${ONBOARDING}/customers/${id}/carriers/OFR`)).status, 204);
    assert.equal((await api.del(`${ONBOARDING}/customers/${id}`)).status, 204);
  });

  it('answers 404 for an unknown customer id', async () => {
    expectError(await api.get(`${ONBOARDING}/customers/00000000-0000-4000-8000-000000000000`), 404, 'NOT_FOUND');
  });
});
