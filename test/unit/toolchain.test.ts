// The setup script's decisions: what it uses from PATH, what it takes from the cache and
// what it would fetch or build. PATHs are stubbed with small scripts that print versions.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const toolchain = require(path.join(REPO_ROOT, 'scripts/toolchain.js'));

const pins = { node: '24.22.3', pulumi: '3.276.0' };

describe('toolchain setup decisions', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-toolchain-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A folder of fake tools, each printing the given version. */
  function binDir(name: string, tools: Record<string, string>): string {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [tool, version] of Object.entries(tools)) {
      fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
    }
    return dir;
  }

  function plan(pathDirs: string[], cacheTools: Record<string, string> = {}) {
    const cache = toolchain.cachePaths(path.join(root, 'cache'), pins);
    for (const [tool, version] of Object.entries(cacheTools)) {
      const dir = tool === 'node' ? cache.nodeBin : cache.pulumiBin;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
    }
    return { cache, plan: toolchain.planToolchain({ env: { PATH: pathDirs.join(path.delimiter) }, pins, cache }) };
  }

  it('uses a node >= 22 and the pinned pulumi with its language host from PATH, fetching nothing', () => {
    const bin = binDir('usr', { node: 'v22.12.0', pulumi: 'v3.276.0', 'pulumi-language-nodejs': '3.276.0' });
    const { plan: p } = plan([bin]);
    assert.deepEqual(p.node, { source: 'path', bin });
    assert.deepEqual(p.pulumi, { source: 'path', bin });
    assert.deepEqual(p.notes, []);
  });

  it('fetches Node 24 when the node on PATH is older than 22 and none is cached', () => {
    const bin = binDir('usr', { node: 'v20.20.2' });
    const { plan: p, cache } = plan([bin]);
    assert.deepEqual(p.node, { source: 'fetch', bin: cache.nodeBin });
    assert.match(p.notes.join('\n'), /older than 22/);
  });

  it('reuses a cached Node instead of fetching it again', () => {
    const bin = binDir('usr', { node: 'v20.20.2' });
    const { plan: p, cache } = plan([bin], { node: 'v24.22.3' });
    assert.deepEqual(p.node, { source: 'cache', bin: cache.nodeBin });
  });

  it('installs the pinned pulumi when PATH has another version, and says so', () => {
    const bin = binDir('usr', { node: 'v24.1.0', pulumi: 'v3.200.0', 'pulumi-language-nodejs': 'x' });
    const { plan: p, cache } = plan([bin]);
    assert.deepEqual(p.pulumi, { source: 'install', bin: cache.pulumiBin });
    assert.match(p.notes.join('\n'), /v3\.200\.0, not v3\.276\.0/);
  });

  it('does not use a pulumi on PATH that has no Node.js language host', () => {
    const bin = binDir('usr', { node: 'v24.1.0', pulumi: 'v3.276.0' });
    const { plan: p } = plan([bin]);
    assert.equal(p.pulumi.source, 'install');
    assert.match(p.notes.join('\n'), /no pulumi-language-nodejs/);
  });

  it('uses the cache only when the CLI, the language host and the dynamic provider are all there', () => {
    const bin = binDir('usr', { node: 'v24.1.0' });
    const partial = plan([bin], { pulumi: 'v3.276.0', 'pulumi-language-nodejs': 'x' });
    assert.equal(partial.plan.pulumi.source, 'install');
    const complete = plan([bin], { 'pulumi-resource-pulumi-nodejs': 'x' });
    assert.deepEqual(complete.plan.pulumi, { source: 'cache', bin: complete.cache.pulumiBin });
  });

  it('keeps its cache outside the clone, per user, overridable', () => {
    assert.equal(toolchain.cacheRoot({ BRANDED_CALLING_TOOLCHAIN_DIR: '/opt/tc', HOME: '/home/u' }), '/opt/tc');
    assert.equal(toolchain.cacheRoot({ XDG_CACHE_HOME: '/x', HOME: '/home/u' }), '/x/pulumi-branded-calling');
    assert.equal(toolchain.cacheRoot({ HOME: '/home/u' }), '/home/u/.cache/pulumi-branded-calling');
    const cache = toolchain.cachePaths('/c', pins);
    assert.equal(cache.nodeBin, '/c/node-v24.22.3/bin');
    assert.equal(cache.pulumiBin, '/c/pulumi-v3.276.0/bin');
  });

  it('takes the Pulumi version from the lockfile', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
    assert.equal(toolchain.readPins().pulumi, lock.packages['node_modules/@pulumi/pulumi'].version);
    assert.equal(toolchain.readPins().pulumi, '3.276.0');
  });

  it('fails with a message naming what is missing and how to get it, leaving nothing half-made', () => {
    const bin = binDir('usr', { node: 'v24.1.0' });
    const cacheDir = path.join(root, 'empty-cache');
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/toolchain.js')], {
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: root, BRANDED_CALLING_TOOLCHAIN_DIR: cacheDir, BRANDED_CALLING_PULUMI_DOWNLOAD: 'never' },
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /Pulumi v3\.276\.0 is not on PATH/);
    assert.match(result.stderr, /install Go/);
    assert.deepEqual(fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : [], []);
  });
});
