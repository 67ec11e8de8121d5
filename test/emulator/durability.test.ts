import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../emulator/index';
import { Api, ONBOARDING, REG_V02, customerBody, eventually, uniqueNumber, uniquePhone } from './helpers';
import { startCli } from './processes';

describe('emulator: durable state', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-emulator-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps objects, demo credentials and issued tokens across a restart', async () => {
    const first = await startEmulator({ dataDir, decisionDelayMs: -1 });
    const api = await Api.login(first.url, first.demoClient.authorizationHeader);
    const customerId = await api.customerWithCarriers('OFR', 'BYG');
    const registration = await api.createRegistration(
      { phoneNumber: uniquePhone(), displayName: 'ACME', customerId, terminatingCountryCode: 33, callPurpose: 'Survey' },
      REG_V02,
    );
    first.decide(registration.registrationId, 'BYG', { status: 'rejected', reason: 'No' });
    const before = {
      customer: (await api.get(`${ONBOARDING}/customers/${customerId}`)).body,
      carriers: (await api.get(`${ONBOARDING}/customers/${customerId}/carriers`)).body,
      registration: (await api.get(`${REG_V02}/registrations/${registration.registrationId}`)).body,
    };
    await first.stop();

    const second = await startEmulator({ dataDir, decisionDelayMs: -1 });
    try {
      assert.deepEqual(second.demoClient, first.demoClient);
      const sameToken = new Api(second.url, api.token);
      assert.deepEqual((await sameToken.get(`${ONBOARDING}/customers/${customerId}`)).body, before.customer);
      assert.deepEqual((await sameToken.get(`${ONBOARDING}/customers/${customerId}/carriers`)).body, before.carriers);
      assert.deepEqual((await sameToken.get(`${REG_V02}/registrations/${registration.registrationId}`)).body, before.registration);
    } finally {
      await second.stop();
    }
  });

  it('still decides carriers that were pending when it stopped', async () => {
    const first = await startEmulator({ dataDir, decisionDelayMs: 300 });
    const api = await Api.login(first.url, first.demoClient.authorizationHeader);
    const customerId = await api.customerWithCarriers('OFR');
    const registration = await api.createRegistration({ phoneNumber: uniquePhone(), displayName: 'ACME', customerId, terminatingCountryCode: 33 }, REG_V02);
    await first.stop();
    const second = await startEmulator({ dataDir, decisionDelayMs: 300 });
    try {
      const again = new Api(second.url, api.token);
      await eventually(async () => ((await again.get(`${REG_V02}/registrations/${registration.registrationId}`)).body.status === 'active' ? true : undefined));
    } finally {
      await second.stop();
    }
  });

  it('journals no write of a request still running when it stopped, not even into the next start', async () => {
    const first = await startEmulator({ dataDir, decisionDelayMs: -1 });
    const api = await Api.login(first.url, first.demoClient.authorizationHeader);
    first.setFaults({ latencyMs: 300 });
    const inFlight = api.post(`${ONBOARDING}/customers`, customerBody()).then(() => 'answered', () => 'connection lost');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();
    // The next start opens its journal while the stopped one's request is still sleeping.
    const second = await startEmulator({ dataDir, decisionDelayMs: -1, port: first.port });
    try {
      assert.equal(await inFlight, 'connection lost');
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(fs.readFileSync(path.join(dataDir, 'journal.jsonl'), 'utf8'), '', 'the stopped emulator wrote into the new journal');
      assert.deepEqual((await new Api(second.url, api.token).get(`${ONBOARDING}/customers`)).body.customers, []);
    } finally {
      await second.stop();
    }
  });

  it('ignores a torn last journal line and refuses a corrupt journal', async () => {
    const first = await startEmulator({ dataDir });
    const api = await Api.login(first.url, first.demoClient.authorizationHeader);
    const customerId = await api.createCustomer();
    await first.stop();

    const journal = path.join(dataDir, 'journal.jsonl');
    fs.appendFileSync(journal, '{"seq":999,"ops":[{"op":"putCust');
    const second = await startEmulator({ dataDir });
    try {
      const again = await Api.login(second.url, second.demoClient.authorizationHeader);
      assert.equal((await again.get(`${ONBOARDING}/customers/${customerId}`)).status, 200);
      assert.equal((await again.createCustomer()).length, 36, 'writes go on after the torn line');
    } finally {
      await second.stop();
    }

    fs.appendFileSync(journal, 'not json\n{"seq":1000,"ops":[{"op":"reset"}]}\n');
    await assert.rejects(startEmulator({ dataDir }), /corrupt/);
  });

  it('loses no answered write when killed with SIGKILL in the middle of writes, and leaves files that parse', async function () {
    this.timeout(30000);
    const args = ['--port', '0', '--data-dir', dataDir, '--decision-delay-ms', 'manual'];
    const first = await startCli(args);
    const api = await Api.login(first.url, first.authorizationHeader);
    const customerId = await api.customerWithCarriers('OFR');

    const answeredCustomers: string[] = [];
    const answeredRegistrations: Array<{ id: string; displayName: string }> = [];
    let killed = false;
    const worker = async (n: number) => {
      for (let i = 0; !killed; i++) {
        try {
          if (n % 2 === 0) {
            const answer = await api.post(`${ONBOARDING}/customers`, customerBody({ registrationNumber: uniqueNumber() }));
            if (answer.status === 201) answeredCustomers.push(answer.body.customerId);
          } else {
            const displayName = `W${n} ${i}`;
            const answer = await api.post(`${REG_V02}/registrations`, { phoneNumber: uniquePhone(), displayName, customerId, terminatingCountryCode: 33 });
            if (answer.status === 201) answeredRegistrations.push({ id: answer.body.registrationId, displayName });
          }
        } catch {
          return; // the process is gone
        }
        if (!killed && answeredCustomers.length + answeredRegistrations.length >= 120) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, n) => worker(n)));
    const exit = await first.exited;
    assert.equal(exit.signal, 'SIGKILL');

    // Files as the crash left them: the snapshot and every complete journal line parse.
    JSON.parse(fs.readFileSync(path.join(dataDir, 'snapshot.json'), 'utf8'));
    JSON.parse(fs.readFileSync(path.join(dataDir, 'accounts.json'), 'utf8'));
    const journal = fs.readFileSync(path.join(dataDir, 'journal.jsonl'), 'utf8');
    const complete = journal.slice(0, journal.lastIndexOf('\n') + 1);
    for (const line of complete.split('\n').filter(Boolean)) JSON.parse(line);
    assert.ok(complete.split('\n').length > 100, 'the writes went to the journal');

    const second = await startCli(args);
    try {
      assert.equal(second.authorizationHeader, first.authorizationHeader);
      const again = await Api.login(second.url, second.authorizationHeader);
      const customers = new Set((await again.get(`${ONBOARDING}/customers`)).body.customers.map((c: any) => c.customerId));
      for (const id of answeredCustomers) assert.ok(customers.has(id), `customer ${id} was answered 201 but is lost`);
      for (const { id, displayName } of answeredRegistrations) {
        const read = await again.get(`${REG_V02}/registrations/${id}`);
        assert.equal(read.status, 200, `registration ${id} was answered 201 but is lost`);
        assert.equal(read.body.displayName, displayName);
      }
      assert.ok(answeredCustomers.length > 0 && answeredRegistrations.length > 0);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
