import assert from 'node:assert/strict';
import { Api, ONBOARDING, httpRequest } from './helpers';
import { BIN_PATH, CLI_PATH, spawnNode, waitForOutput } from './processes';

describe('emulator: command line', () => {
  it('prints its URL, the demo client and the ready authorization header, serves, and stops cleanly on SIGTERM', async () => {
    const cli = spawnNode(CLI_PATH, ['--port', '0', '--client-id', 'cli-app', '--client-secret', 'cli-secret', '--token-lifetime', '60']);
    const output = await waitForOutput(cli, /^ready$/m);
    const lines = output.trim().split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[0], /^url: http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(lines[1], 'client_id: cli-app');
    assert.equal(lines[2], 'client_secret: cli-secret');
    assert.equal(lines[3], `authorization_header: Basic ${Buffer.from('cli-app:cli-secret').toString('base64')}`);
    assert.equal(lines[4], 'data_dir: (none: state in memory)');
    assert.equal(lines[5], 'ready');

    const url = lines[0].slice('url: '.length);
    const token = await httpRequest(`${url}/oauth/v3/token`, {
      method: 'POST',
      headers: { authorization: lines[3].slice('authorization_header: '.length), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    assert.equal(token.body.expires_in, 60);
    assert.equal((await new Api(url, token.body.access_token).get(`${ONBOARDING}/customers`)).status, 200);

    cli.child.kill('SIGTERM');
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
    assert.match(cli.stderr(), /stopped/);
  });

  it('stops cleanly on SIGINT', async () => {
    const cli = spawnNode(CLI_PATH, ['--port', '0']);
    await waitForOutput(cli, /^ready$/m);
    cli.child.kill('SIGINT');
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
  });

  it('shows help (exit 0) and refuses unknown or bad flags (exit 2)', async () => {
    const help = spawnNode(CLI_PATH, ['--help']);
    assert.equal((await help.exited).code, 0);
    assert.match(help.stdout(), /--data-dir/);
    for (const args of [['--frobnicate'], ['--port', 'abc'], ['--decision-delay-ms', 'soon'], ['--faults', '{"internalErrorShare":3}']]) {
      const bad = spawnNode(CLI_PATH, args);
      assert.equal((await bad.exited).code, 2, args.join(' '));
      assert.match(bad.stderr(), /Usage:/);
    }
  });

  it('refuses to listen on a non-loopback address', async () => {
    const cli = spawnNode(CLI_PATH, ['--host', '0.0.0.0']);
    assert.equal((await cli.exited).code, 1);
    assert.match(cli.stderr(), /loopback/);
  });

  describe('bin/pulumi-branded-calling.js', () => {
    it('runs the emulator subcommand with its flags', async () => {
      const bin = spawnNode(BIN_PATH, ['emulator', '--port', '0', '--faults', '{"unavailableShare":1}']);
      const output = await waitForOutput(bin, /^ready$/m);
      const url = /^url: (.*)$/m.exec(output)![1];
      const faults = await httpRequest(`${url}/_emulator/faults`);
      assert.deepEqual(faults.body, { unavailableShare: 1 });
      bin.child.kill('SIGINT');
      assert.equal((await bin.exited).code, 0);
    });

    it('answers an unknown subcommand with the usage and exit code 2', async () => {
      const bin = spawnNode(BIN_PATH, ['discoverr']);
      assert.equal((await bin.exited).code, 2);
      assert.match(bin.stderr(), /unknown command "discoverr"/);
      assert.match(bin.stderr(), /emulator/);
    });

    it('shows the usage with --help (exit 0) and without a command (exit 2)', async () => {
      const help = spawnNode(BIN_PATH, ['--help']);
      assert.equal((await help.exited).code, 0);
      assert.match(help.stdout(), /Commands:/);
      const none = spawnNode(BIN_PATH, []);
      assert.equal((await none.exited).code, 2);
    });
  });
});

describe('emulator: command line configuration', () => {
  it('takes clients from a file and known carriers from a list', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cli-'));
    const file = path.join(dir, 'clients.json');
    fs.writeFileSync(file, JSON.stringify([{ clientId: 'one', clientSecret: '1' }, { clientId: 'two', clientSecret: '2', scopes: ['brand-registration:read'] }]));
    const cli = spawnNode(CLI_PATH, ['--port', '0', '--clients', file, '--known-carriers', 'OFR,ZZZ']);
    try {
      const output = await waitForOutput(cli, /^ready$/m);
      assert.match(output, /^client_id: one$/m);
      const url = /^url: (.*)$/m.exec(output)![1];
      const one = await Api.login(url, `Basic ${Buffer.from('one:1').toString('base64')}`);
      const two = await Api.login(url, `Basic ${Buffer.from('two:2').toString('base64')}`);
      assert.equal((await two.get(`${ONBOARDING}/customers`)).status, 403);
      const customerId = await one.createCustomer();
      await one.addCarrier(customerId, 'ZZZ');
      assert.equal((await one.post(`${ONBOARDING}/customers/${customerId}/carriers`, { carrierCode: 'BYG' })).status, 422);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
