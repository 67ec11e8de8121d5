// The toolchain end to end: the real Pulumi CLI and language host run a program with one
// dynamic resource, whose provider writes a file so that each step is visible outside Pulumi.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PulumiStack, runCommand } from '../../scripts/lib/pulumi-cli';

const REPO_ROOT = path.resolve(__dirname, '../../..');

const PROGRAM = `
const pulumi = require('@pulumi/pulumi');
const fs = require('fs');
const path = require('path');

const provider = {
  async create(inputs) {
    fs.writeFileSync(path.join(inputs.dir, inputs.name), inputs.text);
    return { id: inputs.name, outs: inputs };
  },
  async diff(id, olds, news) {
    return { changes: olds.text !== news.text };
  },
  async update(id, olds, news) {
    fs.writeFileSync(path.join(news.dir, news.name), news.text);
    return { outs: news };
  },
  async delete(id, props) {
    fs.rmSync(path.join(props.dir, props.name), { force: true });
  },
};

class Note extends pulumi.dynamic.Resource {
  constructor(name, args) {
    super(provider, name, { ...args, name }, undefined, 'smoke:Note');
  }
}

const config = new pulumi.Config();
const note = new Note('hello', { dir: config.require('dir'), text: config.require('text') });
exports.noteId = note.id;
`;

describe('toolchain smoke test: pulumi up / preview / destroy with a dynamic resource', () => {
  let programDir: string;
  let filesDir: string;
  let stack: PulumiStack;

  before(async () => {
    programDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-smoke-'));
    filesDir = path.join(programDir, 'files');
    fs.mkdirSync(filesDir);
    fs.writeFileSync(path.join(programDir, 'Pulumi.yaml'), 'name: smoke\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n');
    fs.writeFileSync(path.join(programDir, 'index.js'), PROGRAM);
    fs.writeFileSync(path.join(programDir, 'package.json'), '{"name": "smoke", "private": true}\n');
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(programDir, 'node_modules'));
    stack = await PulumiStack.create({ programDir });
    await stack.setConfig('smoke:dir', filesDir);
    await stack.setConfig('smoke:text', 'first');
  });

  after(() => {
    stack?.cleanup();
    fs.rmSync(programDir, { recursive: true, force: true });
  });

  it('runs the pinned Pulumi', async () => {
    const result = await runCommand('pulumi', ['version'], { cwd: programDir, env: stack.env });
    assert.equal(result.stdout.trim(), 'v3.276.0');
  });

  it('creates the resource with pulumi up', async () => {
    const result = await stack.up();
    assert.match(result.stdout, /smoke:Note:Resource hello created/);
    assert.match(result.stdout, /\+ 2 created/); // the stack and the note
    assert.equal(fs.readFileSync(path.join(filesDir, 'hello'), 'utf8'), 'first');
    assert.deepEqual(await stack.outputs(), { noteId: 'hello' });
  });

  it('finds no change on a second preview', async () => {
    await stack.preview(['--expect-no-changes']);
  });

  it('fails preview --expect-no-changes once the config changes, and up applies the update', async () => {
    await stack.setConfig('smoke:text', 'second');
    const preview = await stack.preview(['--expect-no-changes', '--diff'], { expectFailure: true });
    assert.match(preview.stderr, /no changes were expected/);
    assert.match(preview.stdout, /~ 1 to update/);
    assert.match(preview.stdout, /text\s*:\s*"first" => "second"/);
    await stack.up();
    assert.equal(fs.readFileSync(path.join(filesDir, 'hello'), 'utf8'), 'second');
  });

  it('removes the resource with pulumi destroy', async () => {
    const result = await stack.destroy();
    assert.match(result.stdout, /smoke:Note:Resource hello deleted/);
    assert.equal(fs.existsSync(path.join(filesDir, 'hello')), false);
    assert.deepEqual(await stack.resources(), []);
  });
});

describe('schema.json with the real CLI', () => {
  it('is accepted by pulumi package get-schema', async () => {
    const result = await runCommand('pulumi', ['package', 'get-schema', path.join(REPO_ROOT, 'schema.json')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: 'true', PULUMI_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'bc-home-')) },
    });
    const schema = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(schema.resources).sort(), ['brandedcalling:index:Carrier', 'brandedcalling:index:Customer', 'brandedcalling:index:Registration']);
  });
});
