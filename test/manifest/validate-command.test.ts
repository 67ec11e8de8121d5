// npx pulumi-branded-calling validate <file>: exit 0 with a summary, 1 with every error.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/installed-package';

const BIN = path.join(REPO_ROOT, 'bin', 'pulumi-branded-calling.js');

async function validate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'validate', ...args], { cwd: REPO_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the validate command', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-validate-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a valid file, with what it holds', async () => {
    const result = await validate('examples/manifest/branding.yaml');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'examples/manifest/branding.yaml: valid (1 customer, 3 numbers)\n');
  });

  it('exits 1 with every error, each as file:line:column: path: rule', async () => {
    const file = path.join(dir, 'branding.yaml');
    const valid = fs.readFileSync(path.join(REPO_ROOT, 'examples/manifest/branding.yaml'), 'utf8');
    fs.writeFileSync(file, valid.replace('displayName: ACME Sales', 'displayName: ""').replace('carrierCodes: [OFR]', 'carrierCodes: [SFR]'));
    const result = await validate(file);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines[0], `${file}: 2 errors`);
    assert.match(lines[1], new RegExp(`^  ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:28:9: customers\\.acme\\.registrations\\.sales\\.displayName: must not be empty$`));
    assert.match(lines[2], /:33:24: customers\.acme\.registrations\.billing\.carrierCodes\[0\]: SFR is not one of this customer's carriers \(OFR, BYG\)/);
  });

  it('exits 2 without a file', async () => {
    const result = await validate();
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Usage: pulumi-branded-calling validate/);
  });
});
