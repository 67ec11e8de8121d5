// npm run sdks: schema.json through `pulumi package gen-sdk` with the real CLI and the
// language hosts' code generators, into a folder outside git. Each SDK declares the three
// resources under their type tokens and keeps sinkCredential secret; the Node.js one
// type-checks against the pinned @pulumi/pulumi.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/installed-package';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSdks } = require(path.join(REPO_ROOT, 'scripts', 'sdks.js'));

describe('npm run sdks: Node.js, Python and Go SDKs from schema.json', function () {
  let out: string;
  const read = (file: string) => fs.readFileSync(path.join(out, file), 'utf8');

  before(async function () {
    this.timeout(40 * 60_000); // the first run on a machine builds the language hosts
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-sdks-'));
    const written = await generateSdks({ out, languages: ['nodejs', 'python', 'go'] });
    assert.deepEqual(written, ['nodejs', 'python', 'go'].map((language) => path.join(out, language)));
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('writes into sdks/, which git ignores', () => {
    const ignored = execFileSync('git', ['check-ignore', 'sdks/nodejs/index.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(ignored.trim(), 'sdks/nodejs/index.ts');
  });

  it('Node.js: a package @pulumi/brandedcalling at the package version, with the three resources, that type-checks', () => {
    const pkg = JSON.parse(read('nodejs/package.json'));
    assert.equal(pkg.name, '@pulumi/brandedcalling');
    assert.equal(pkg.version, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    for (const [file, type] of [['customer', 'Customer'], ['carrier', 'Carrier'], ['registration', 'Registration']]) {
      assert.match(read(`nodejs/${file}.ts`), new RegExp(`'brandedcalling:index:${type}'`));
    }
    assert.match(read('nodejs/registration.ts'), /resourceInputs\["sinkCredential"\] = args\?\.sinkCredential \? pulumi\.secret\(args\.sinkCredential\) : undefined/);
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(out, 'nodejs', 'node_modules'));
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(out, 'nodejs', 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
  });

  it('Python: the package pulumi_brandedcalling, with the three resources', () => {
    for (const [file, type] of [['customer', 'Customer'], ['carrier', 'Carrier'], ['registration', 'Registration']]) {
      assert.match(read(`python/pulumi_brandedcalling/${file}.py`), new RegExp(`'brandedcalling:index:${type}'`));
    }
    assert.match(read('python/pulumi_brandedcalling/registration.py'), /pulumi\.Output\.secret\(sink_credential\)/);
    assert.match(read('python/setup.py'), /name='pulumi_brandedcalling'/);
  });

  it('Go: a module with the package brandedcalling, with the three resources', () => {
    assert.match(read('go/go.mod'), /^module example\.com\/pulumi-brandedcalling\/sdk\/go$/m);
    for (const [file, type] of [['customer', 'Customer'], ['carrier', 'Carrier'], ['registration', 'Registration']]) {
      assert.match(read(`go/brandedcalling/${file}.go`), new RegExp(`"brandedcalling:index:${type}"`));
    }
    assert.match(read('go/brandedcalling/registration.go'), /pulumi\.ToSecret\(args\.SinkCredential\)/);
  });
});
