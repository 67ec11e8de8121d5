// The actionlint setup's decisions: the pinned version from PATH, else the cache, else a
// Go build into the cache. PATHs are stubbed with small scripts that print versions.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const actionlint = require(path.join(REPO_ROOT, 'scripts/actionlint.js'));

describe('actionlint setup decisions', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-actionlint-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function tool(dir: string, output: string): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'actionlint'), `#!/bin/sh\necho ${output}\n`, { mode: 0o755 });
    return dir;
  }

  function plan(pathDirs: string[]) {
    const cacheDir = actionlint.actionlintCacheDir(path.join(root, 'cache'), '1.7.12');
    return { cacheDir, plan: actionlint.planActionlint({ env: { PATH: pathDirs.join(path.delimiter) }, version: '1.7.12', cacheDir }) };
  }

  it('uses the pinned version from PATH, as a release ("1.7.12") or a go install ("v1.7.12") prints it', () => {
    for (const printed of ['1.7.12', 'v1.7.12']) {
      const bin = tool(path.join(root, `usr-${printed}`), printed);
      assert.deepEqual(plan([bin]).plan, { source: 'path', file: path.join(bin, 'actionlint'), notes: [] });
    }
  });

  it('builds into the per-version cache when PATH has another version, and says so; reuses the cache after', () => {
    const bin = tool(path.join(root, 'usr'), 'v1.6.0');
    const first = plan([bin]);
    assert.equal(first.plan.source, 'build');
    assert.equal(first.plan.file, path.join(root, 'cache', 'actionlint-v1.7.12', 'bin', 'actionlint'));
    assert.match(first.plan.notes.join('\n'), /1\.6\.0, not 1\.7\.12/);
    tool(path.join(first.cacheDir, 'bin'), 'v1.7.12');
    assert.equal(plan([bin]).plan.source, 'cache');
  });

  it('takes its version from package.json, beside the toolchain pins', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.equal(actionlint.readActionlintPin(), pkg.toolchain.actionlint);
  });
});
