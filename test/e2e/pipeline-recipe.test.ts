// The GitHub Actions recipe (examples/github-actions) driving the manifest program
// (examples/manifest: branding.yaml): its workflows pass actionlint, and the steps that call the program's
// npm scripts are run as a runner runs them (bash -e -o pipefail, the workflow's and the
// step's environment, secrets given their test values) with the real CLI against the
// emulator: the preview shows the diff, the apply creates, the drift check passes, then
// fails naming the change made directly on the API.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { startEmulator, RunningEmulator } from '../../emulator';
import { runCommand, RunResult } from '../../scripts/lib/pulumi-cli';
import { DirectApi } from '../support/emulator-api';
import { installedNodeModules, REPO_ROOT } from '../support/installed-package';

const RECIPE = path.join(REPO_ROOT, 'examples', 'github-actions', '.github', 'workflows');
const PROGRAM = path.join(REPO_ROOT, 'examples', 'manifest');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

function workflowFiles(): string[] {
  return fs.readdirSync(RECIPE).filter((f) => /\.ya?ml$/.test(f)).sort();
}

function readWorkflow(file: string): Workflow {
  return yaml.load(fs.readFileSync(path.join(RECIPE, file), 'utf8')) as Workflow;
}

function steps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

/** The npm script a step runs (`npm run --silent NAME ...`), if it runs one. */
function npmScriptOf(step: Step): string | undefined {
  return /\bnpm run --silent ([\w-]+)/.exec(step.run ?? '')?.[1];
}

/** The workflow and step that run an npm script; exactly one step runs each. */
function stepRunning(script: string): { workflow: Workflow; step: Step } {
  const found = workflowFiles().flatMap((file) => {
    const workflow = readWorkflow(file);
    return steps(workflow)
      .filter((step) => npmScriptOf(step) === script)
      .map((step) => ({ workflow, step }));
  });
  assert.equal(found.length, 1, `steps running npm script ${script}: ${found.length}`);
  return found[0];
}

describe('the GitHub Actions recipe', function () {
  it('its workflows pass actionlint, linted as the repository a user copies them into', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'actionlint.js')], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `actionlint found something:\n${result.stdout}${result.stderr}`);
    for (const file of workflowFiles()) assert.ok(result.stderr.includes(`workflows/${file}`), `${file} was not linted:\n${result.stderr}`);
  });

  it('its workflows call the program\'s npm scripts, with Node 24 and the pinned Pulumi, secrets only in env', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(PROGRAM, 'package.json'), 'utf8')).scripts;
    const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
    const pulumiVersion = lock.packages['node_modules/@pulumi/pulumi'].version;
    const called: string[] = [];
    for (const file of workflowFiles()) {
      const all = steps(readWorkflow(file));
      const script = all.map(npmScriptOf).find(Boolean);
      assert.ok(script && scripts[script], `${file} runs no npm script of examples/manifest/package.json`);
      called.push(script);
      const setupNode = all.find((s) => s.uses?.startsWith('actions/setup-node@'));
      assert.equal(setupNode?.with?.['node-version'], 24, file);
      const pulumi = all.find((s) => s.uses?.startsWith('pulumi/actions@'));
      assert.equal(String(pulumi?.with?.['pulumi-version']), pulumiVersion, file);
      for (const step of all) {
        // A secret pasted into a script can end up in it or in the log; env keeps it out.
        assert.ok(!/secrets\./.test(step.run ?? ''), `${file}: a run script reads a secret directly`);
        assert.ok(!/secrets\./.test(JSON.stringify(step.with ?? {})), `${file}: a step is given a secret as input`);
      }
    }
    assert.deepEqual(called.sort(), ['apply', 'drift-check', 'preview']);
  });

  describe('its npm scripts, run as the workflow steps run them, against the emulator', function () {
    let emulator: RunningEmulator;
    let work: string;
    let programDir: string;
    let secrets: Record<string, string>;
    let baseEnv: NodeJS.ProcessEnv;

    before(async () => {
      emulator = await startEmulator({ decisionDelayMs: 300 });
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-pipeline-'));
      // The user's repository: the program as it is in the example, its stack file, its
      // dependencies (the package as installed), and a state backend.
      programDir = path.join(work, 'repository');
      fs.mkdirSync(programDir);
      for (const file of ['Pulumi.yaml', 'index.js', 'package.json', 'branding.yaml']) fs.copyFileSync(path.join(PROGRAM, file), path.join(programDir, file));
      fs.symlinkSync(installedNodeModules(), path.join(programDir, 'node_modules'));
      for (const dir of ['state', 'home', 'runner-temp']) fs.mkdirSync(path.join(work, dir));
      secrets = {
        PULUMI_BACKEND_URL: `file://${path.join(work, 'state')}`,
        PULUMI_CONFIG_PASSPHRASE: 'pipeline-recipe-passphrase',
        BRANDED_CALLING_CLIENT_ID: emulator.demoClient.clientId,
        BRANDED_CALLING_CLIENT_SECRET: emulator.demoClient.clientSecret,
      };
      baseEnv = {
        ...process.env,
        CI: 'true',
        RUNNER_TEMP: path.join(work, 'runner-temp'),
        PULUMI_HOME: path.join(work, 'home'),
        PULUMI_SKIP_UPDATE_CHECK: 'true',
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
        NO_COLOR: '1',
      };
      // What the user does once: create the stack, commit its Pulumi.prod.yaml. Here the
      // stack file also points the provider at the emulator.
      const stack = readWorkflow(workflowFiles()[0]).env?.PULUMI_STACK;
      assert.ok(stack, 'the workflows name their stack in env.PULUMI_STACK');
      const env = { ...baseEnv, ...secrets, PULUMI_STACK: stack };
      await runCommand('pulumi', ['stack', 'init', stack, '--secrets-provider', 'passphrase', '--non-interactive'], { cwd: programDir, env });
      await runCommand('pulumi', ['config', 'set', 'brandedcalling:apiRoot', emulator.url, '--non-interactive'], { cwd: programDir, env });
    });
    after(async () => {
      if (work) fs.rmSync(work, { recursive: true, force: true });
      await emulator?.stop();
    });

    /** Runs the step that calls `script` as a runner would, in the program's folder. */
    function runStep(script: string, options: { expectFailure?: boolean } = {}): Promise<RunResult> {
      const { workflow, step } = stepRunning(script);
      const env: NodeJS.ProcessEnv = { ...baseEnv, ...workflow.env };
      for (const [name, value] of Object.entries(step.env ?? {})) {
        const secret = /^\$\{\{\s*secrets\.(\w+)\s*\}\}$/.exec(value)?.[1];
        assert.ok(secret && secret in secrets, `step env ${name}=${value}: not a secret this test knows`);
        env[name] = secrets[secret];
      }
      return runCommand('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run!], { cwd: programDir, env }, options);
    }

    it('preview: exits 0 and shows the diff, which the step also keeps for the pull request comment', async () => {
      const result = await runStep('preview');
      assert.match(result.stdout, /\+ pulumi-nodejs:dynamic\/brandedcalling:Customer: \(create\)/);
      assert.match(result.stdout, /\+ brandedcalling:index:Branding: \(create\)/);
      assert.match(result.stdout, /displayName\s*: "ACME Support"/);
      assert.match(result.stdout, /\+ 8 to create/); // stack, component, customer, 2 carriers, 3 numbers
      const kept = fs.readFileSync(path.join(baseEnv.RUNNER_TEMP!, 'preview.txt'), 'utf8');
      assert.match(kept, /displayName\s*: "ACME Support"/);
      assert.deepEqual(await new DirectApi(emulator).listCustomers(), [], 'a preview changes nothing');
    });

    it('apply: creates the customer, its carriers and the three numbers', async () => {
      await runStep('apply');
      const api = new DirectApi(emulator);
      const names = (await api.listRegistrations()).map((r) => r.displayName).sort();
      assert.deepEqual(names, ['ACME Billing', 'ACME Sales', 'ACME Support']);
    });

    it('drift check: passes while the API holds what the program declares', async () => {
      const result = await runStep('drift-check');
      assert.doesNotMatch(result.stdout + result.stderr, /no changes were expected/);
    });

    it('drift check: fails with a non-zero exit code naming the resource and field changed outside Pulumi', async () => {
      const api = new DirectApi(emulator);
      const support = (await api.listRegistrations()).find((r) => r.phoneNumber === '+33140000001');
      const { registrationId, status, carriers, createdAt, updatedAt, quota, quotaThreshold, ...body } = support;
      const changed = await api.call('PUT', api.registrations(`/${registrationId}`), {
        ...body,
        displayName: 'ACME Support (edited)',
        carrierCodes: carriers.map((c: any) => c.carrierCode),
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));

      const result = await runStep('drift-check', { expectFailure: true });
      const output = result.stdout + result.stderr;
      assert.notEqual(result.code, 0);
      assert.match(output, /~ pulumi-nodejs:dynamic\/brandedcalling:Registration: \(update\)[\s\S]*::support\]/);
      assert.match(output, /~ displayName\s*: "ACME Support \(edited\)" => "ACME Support"/);
      assert.match(output, /no changes were expected for preview but changes were proposed/);
      assert.match(fs.readFileSync(path.join(baseEnv.RUNNER_TEMP!, 'drift-check.txt'), 'utf8'), /no changes were expected/);
    });
  });
});
