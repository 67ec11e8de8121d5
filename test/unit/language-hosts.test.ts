// The language hosts' setup decisions (scripts/language-hosts.js): a host already beside
// the pulumi in use, a built one to link there, or one to build; an official install's
// folder is never written to.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hosts = require(path.join(REPO_ROOT, 'scripts/language-hosts.js'));

describe('language host setup decisions', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-hosts-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const spec = { cacheName: 'pulumi-language-yaml-v1.25.0' };
  const file = (dir: string, content = 'host') => {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(dir, content, { mode: 0o755 });
    return dir;
  };
  const plan = (pulumiPlan: { source: string; bin: string }) =>
    hosts.planLanguageHost({ language: 'yaml', spec, root, pulumiBin: pulumiPlan.bin, ownsPulumi: pulumiPlan.source !== 'path' });

  it('pins the YAML host to package.json\'s toolchain.pulumiYaml, and its wrapper module requires that version', () => {
    const { yaml } = hosts.hostSpecs();
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.equal(yaml.version, pkg.toolchain.pulumiYaml);
    assert.equal(yaml.cacheName, `pulumi-language-yaml-v${pkg.toolchain.pulumiYaml}`);
    assert.match(fs.readFileSync(path.join(yaml.moduleDir, 'go.mod'), 'utf8'), new RegExp(`github.com/pulumi/pulumi-yaml v${pkg.toolchain.pulumiYaml.replace(/\./g, '\\.')}`));
  });

  it("keys this project's own hosts by the Pulumi version and a digest of their sources", () => {
    const specs = hosts.hostSpecs();
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', '@pulumi', 'pulumi', 'package.json'), 'utf8'));
    for (const language of ['nodejs', 'go', 'python']) {
      assert.match(specs[language].cacheName, new RegExp(`^pulumi-language-${language}-v${version.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
      assert.equal(specs[language].target, `./pulumi-language-${language}`);
    }
  });

  it('builds into its per-version cache, then links it beside the toolchain\'s pulumi', () => {
    const pulumiBin = path.join(root, 'pulumi-v3.276.0', 'bin');
    const built = path.join(root, spec.cacheName, 'bin', 'pulumi-language-yaml');
    const beside = path.join(pulumiBin, 'pulumi-language-yaml');
    assert.deepEqual(plan({ source: 'cache', bin: pulumiBin }), { source: 'build', file: built, link: beside });
    file(built);
    assert.deepEqual(plan({ source: 'cache', bin: pulumiBin }), { source: 'cache', file: built, link: beside });
    fs.mkdirSync(pulumiBin, { recursive: true });
    fs.linkSync(built, beside);
    assert.deepEqual(plan({ source: 'cache', bin: pulumiBin }), { source: 'beside', file: beside });
  });

  it('replaces a host beside pulumi that is not the built one (an older build)', () => {
    const pulumiBin = path.join(root, 'pulumi-v3.276.0', 'bin');
    file(path.join(root, spec.cacheName, 'bin', 'pulumi-language-yaml'), 'new');
    file(path.join(pulumiBin, 'pulumi-language-yaml'), 'old');
    assert.equal(plan({ source: 'cache', bin: pulumiBin }).source, 'cache');
  });

  it("uses an official install's own host, and never writes into its folder", () => {
    const usr = path.join(root, 'usr', 'bin');
    file(path.join(usr, 'pulumi-language-yaml'));
    assert.deepEqual(plan({ source: 'path', bin: usr }), { source: 'beside', file: path.join(usr, 'pulumi-language-yaml') });
    const bare = path.join(root, 'bare', 'bin');
    fs.mkdirSync(bare, { recursive: true });
    assert.deepEqual(plan({ source: 'path', bin: bare }), { source: 'build', file: path.join(root, spec.cacheName, 'bin', 'pulumi-language-yaml'), link: undefined });
  });
});
