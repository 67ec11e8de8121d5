// pulumi-branded-calling validate <file>...: the check a person runs before opening a pull
// request. Prints every error of each file (file:line:column: path: rule) and exits 1, or
// a one-line summary and exits 0. Reads files only: no Pulumi, no network.
import { describeManifestErrors, loadManifest } from './load';

export const USAGE = `Usage: pulumi-branded-calling validate <manifest.yaml>...

Checks branding manifests: YAML syntax, every field against the resources' rules, keys
and phone numbers used twice, carriers, formerKeys, secrets written in the file.
Exits 0 when every file is valid, 1 with the errors otherwise, 2 on bad usage.
`;

export async function main(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    out.write(USAGE);
    return 0;
  }
  const files = args.filter((arg) => !arg.startsWith('-'));
  const unknown = args.filter((arg) => arg.startsWith('-'));
  if (unknown.length > 0 || files.length === 0) {
    err.write(`${unknown.length > 0 ? `unknown option ${unknown[0]}\n\n` : ''}${USAGE}`);
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const result = loadManifest(file);
    if (result.ok) {
      const customers = Object.values(result.manifest.customers);
      const numbers = customers.reduce((total, customer) => total + Object.keys(customer.registrations).length, 0);
      out.write(`${file}: valid (${customers.length} customer${customers.length === 1 ? '' : 's'}, ${numbers} number${numbers === 1 ? '' : 's'})\n`);
    } else {
      failed = true;
      err.write(`${describeManifestErrors(result.errors)}\n`);
    }
  }
  return failed ? 1 : 0;
}
