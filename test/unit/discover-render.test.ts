// What discover writes, without an account: every account's objects must come out as a
// manifest that validates and a TypeScript program that compiles, whatever their names.
import { strict as assert } from 'node:assert';
import * as ts from 'typescript';
import type { Discovery } from '../../provider/discover/discover';
import { renderManifest, renderTypeScript } from '../../provider/discover/render';
import { parseManifest } from '../../provider/manifest/load';

/** One customer per brand name, each with its OFR carrier and one number. */
function accountOf(...brands: string[]): Discovery {
  return {
    notes: [],
    customers: brands.map((name, i) => ({
      customerId: `c-${i}`,
      inputs: { company: { legalName: `Company ${i}`, countryOfRegistration: 'FR', registrationNumber: `${i}` }, brand: { name } },
      carrierCodes: ['OFR'],
      registrations: [{ registrationId: `r-${i}`, inputs: { phoneNumber: `+3314000000${i}`, displayName: 'Line' }, carrierCodes: ['OFR'], status: 'active', hasSink: false }],
    })),
  };
}

/** The package's classes as the program uses them: enough for a type check. */
const PACKAGE_STUB = `declare module 'pulumi-branded-calling' {
  export class Customer { constructor(name: string, args: object); readonly customerId: string }
  export class Carrier { constructor(name: string, args: object); readonly carrierCode: string }
  export class Registration { constructor(name: string, args: object) }
}`;

/** The type checker's errors on the program, with the package stubbed. */
function compileErrors(source: string): string[] {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: [] };
  const files = new Map([['/program/index.ts', source], ['/program/package.d.ts', PACKAGE_STUB]]);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) =>
    files.has(name) ? ts.createSourceFile(name, files.get(name)!, language) : getSourceFile.call(host, name, language, ...rest);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('discover: what it writes', () => {
  const brands = ['BC', 'Switch', 'Class', 'Delete', 'New', 'Import', 'Enum', 'Yield', '🎉', '😀', 'ACME', 'Acme!', 'Café'];

  it('a TypeScript program that compiles, whatever the brand names (keywords, and bc, the import, included)', () => {
    const source = renderTypeScript(accountOf(...brands), 'v0.2');
    assert.deepEqual(compileErrors(source), [], source);
  });

  it('a manifest that validates, names colliding after slugging kept apart', () => {
    const text = renderManifest(accountOf(...brands), 'v0.2');
    const result = parseManifest(text, 'branding.yaml');
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    assert.equal(Object.keys(result.manifest.customers).length, brands.length);
  });
});
