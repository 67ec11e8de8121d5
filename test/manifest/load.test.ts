// The branding manifest as its readers meet it: a valid file comes back typed; a file
// with errors comes back with all of them, each with its path, line, column and rule.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatManifestError, loadManifest, parseManifest, type ManifestError } from '../../provider/manifest/load';
import { REPO_ROOT } from '../support/installed-package';

/** Lines joined, so that a test's file reads as YAML and its line numbers are countable. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

const VALID = yaml(
  'version: 1', //                                                   1
  'customers:', //                                                   2
  '  acme:', //                                                      3
  '    formerKeys: [acme-corp]', //                                  4
  '    configNamespace: acmeAccount', //                             5
  '    company: { legalName: ACME Corp, countryOfRegistration: FR, registrationNumber: "123456789" }', // 6
  '    brand: { name: ACME }', //                                    7
  '    carriers: [OFR, { code: BYG, existingId: "c-1/BYG" }]', //    8
  '    registrationDefaults:', //                                    9
  '      verifyCallerAction: BLOCK_UNVERIFIED', //                   10
  '    registrations:', //                                           11
  '      support:', //                                               12
  '        phoneNumber: "+33123456789"', //                          13
  '        displayName: ACME Support', //                            14
  '        formerKeys: [help-desk]', //                              15
  '        sinkCredential: { secretConfig: acmeSink }', //           16
  '      sales:', //                                                 17
  '        phoneNumber: "+33123456790"', //                          18
  '        displayName: ACME Sales', //                              19
  '        carrierCodes: [OFR]', //                                  20
);

function errorsOf(text: string): ManifestError[] {
  const result = parseManifest(text, 'branding.yaml');
  assert.equal(result.ok, false, 'the file was accepted');
  return (result as { errors: ManifestError[] }).errors;
}

/** "path @line:column: message", the parts a test asserts. */
function brief(errors: ManifestError[]): string[] {
  return errors.map((e) => `${e.path} @${e.line}:${e.column}: ${e.message}`);
}

/** The one error at a path. */
function errorAt(errors: ManifestError[], at: string): ManifestError {
  const found = errors.filter((e) => e.path === at);
  assert.equal(found.length, 1, `one error at ${at}, in:\n${brief(errors).join('\n')}`);
  return found[0];
}

describe('manifest: a valid file', () => {
  it('comes back typed: carriers as { code }, defaults kept apart, keys as written', () => {
    const result = parseManifest(VALID, 'branding.yaml');
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    const acme = result.manifest.customers.acme;
    assert.deepEqual(acme.carriers, [{ code: 'OFR' }, { code: 'BYG', existingId: 'c-1/BYG' }]);
    assert.deepEqual(acme.formerKeys, ['acme-corp']);
    assert.equal(acme.configNamespace, 'acmeAccount');
    assert.deepEqual(acme.registrationDefaults, { verifyCallerAction: 'BLOCK_UNVERIFIED' });
    assert.deepEqual(Object.keys(acme.registrations), ['support', 'sales']);
    assert.deepEqual(acme.registrations.support.sinkCredential, { secretConfig: 'acmeSink' });
    assert.equal(result.placeOf(['customers', 'acme', 'registrations', 'support', 'sinkCredential']), 'branding.yaml:16:9 customers.acme.registrations.support.sinkCredential');
  });

  it('accepts the example the README and the demo use', () => {
    const file = path.join(REPO_ROOT, 'examples', 'manifest', 'branding.yaml');
    const result = loadManifest(file);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    assert.deepEqual(Object.keys(result.manifest.customers.acme.registrations), ['support', 'sales', 'billing']);
  });

  it("accepts the README's example", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Branding as a YAML file'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    const result = parseManifest(example, 'README.md');
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  });

  it('accepts a customer with no carriers and no numbers, and a file with no customers', () => {
    assert.ok(parseManifest(yaml('version: 1', 'customers: {}'), 'b.yaml').ok);
    const result = parseManifest(yaml('version: 1', 'customers:', '  acme:', '    company: { legalName: A, countryOfRegistration: FR, registrationNumber: "1" }', '    brand: { name: A }'), 'b.yaml');
    assert.ok(result.ok);
    assert.deepEqual(result.manifest.customers.acme.carriers, []);
    assert.deepEqual(result.manifest.customers.acme.registrations, {});
  });

  it('lets the same number be registered in two accounts (config namespaces)', () => {
    const customer = (key: string, namespace: string) => [
      `  ${key}:`,
      `    configNamespace: ${namespace}`,
      '    company: { legalName: A, countryOfRegistration: FR, registrationNumber: "1" }',
      '    brand: { name: A }',
      '    carriers: [OFR]',
      '    registrations:',
      `      ${key}-line: { phoneNumber: "+33140000001", displayName: A }`,
    ];
    assert.ok(parseManifest(yaml('version: 1', 'customers:', ...customer('acme', 'brandedcalling'), ...customer('partner', 'partner')), 'b.yaml').ok);
  });
});

describe('manifest: errors a person can act on', () => {
  it('reports every error of the file at once, in file order, each with its path, line, column and rule', () => {
    const errors = errorsOf(yaml(
      'version: 1',
      'customers:',
      '  acme:',
      '    company:',
      '      legalName: ACME Corp',
      '      countryOfRegistration: FRA', //                          6
      '      registrationNumber: "123"',
      '    brand: { name: ACME, callPurpose: Survey }', //            8
      '    carriers: [OFR, BYG]',
      '    registrations:',
      '      support:',
      '        phoneNumber: "0140000001"', //                          12
      '        displayName: A display name far too long for phones', // 13
      '        verifyCallerAction: BLOCK', //                          14
    ));
    assert.deepEqual(brief(errors), [
      'customers.acme.company.countryOfRegistration @6:7: must be an ISO 3166-1 alpha-2 country code, e.g. FR',
      'customers.acme.brand.callPurpose @8:26: must be lower case, e.g. survey',
      'customers.acme.registrations.support.phoneNumber @12:9: must be an E.164 number: "+" then 5 to 15 digits, e.g. +33123456789',
      'customers.acme.registrations.support.displayName @13:9: must be at most 32 characters (counted as Unicode code points)',
      'customers.acme.registrations.support.verifyCallerAction @14:9: must be one of "BLOCK_UNVERIFIED", "DO_NOT_BRAND"',
    ]);
    assert.equal(
      formatManifestError(errors[3]),
      'branding.yaml:13:9: customers.acme.registrations.support.displayName: must be at most 32 characters (counted as Unicode code points)',
    );
  });

  it('names a missing field at the entry that lacks it', () => {
    const errors = errorsOf(VALID.replace('        displayName: ACME Sales\n', ''));
    assert.deepEqual(brief(errors), ['customers.acme.registrations.sales.displayName @17:7: is required']);
  });

  it('refuses unknown keys, suggesting the one meant or listing those known', () => {
    const errors = errorsOf(VALID.replace('displayName: ACME Sales', 'displayname: ACME Sales').replace('  acme:\n', '  acme:\n    colour: red\n'));
    const unknown = errorAt(errors, 'customers.acme.colour');
    assert.equal(unknown.line, 4);
    assert.match(unknown.message, /is not a known key \(known here: company, brand, existingId, configNamespace, formerKeys, carriers, registrationDefaults, registrations\)/);
    assert.match(errorAt(errors, 'customers.acme.registrations.sales.displayname').message, /is not a known key: did you mean displayName\?/);
    assert.equal(errorAt(errors, 'customers.acme.registrations.sales.displayname').line, 20);
    assert.match(errorAt(errors, 'customers.acme.registrations.sales.displayName').message, /is required/);
    assert.match(brief(errorsOf(yaml('version: 1', 'customers: {}', 'extra: 1')))[0], /^extra @3:1: is not a known key/);
  });

  it('says that a YAML merge key (<<) is not read, rather than calling it an unknown field', () => {
    const merged = VALID.replace('      sales:\n', '      sales:\n        <<: { verifyCallerAction: BLOCK_UNVERIFIED }\n');
    assert.match(
      errorAt(errorsOf(merged), 'customers.acme.registrations.sales.<<').message,
      /^YAML merge keys \(<<\) are not read in a manifest: write the fields out, or put what numbers share in registrationDefaults$/,
    );
  });

  it('tells to quote a number or a code YAML would read as a number', () => {
    const errors = errorsOf(VALID.replace('"+33123456789"', '+33123456789').replace('registrationNumber: "123456789"', 'registrationNumber: 123456789'));
    assert.deepEqual(brief(errors), [
      'customers.acme.company.registrationNumber @6:65: must be a string, not number 123456789: YAML reads 123456789 as a number; write it in quotes: "123456789"',
      'customers.acme.registrations.support.phoneNumber @13:9: must be a string, not number 33123456789: YAML reads +33123456789 as a number; write it in quotes: "+33123456789"',
    ]);
  });

  it('refuses a secret written in the file, saying how to reference stack config', () => {
    const literal = '{ credentialType: ACCESSTOKEN, accessToken: abc, accessTokenExpiresUtc: "2030-01-01T00:00:00Z", accessTokenType: bearer }';
    const errors = errorsOf(VALID.replace('{ secretConfig: acmeSink }', literal));
    const error = errorAt(errors, 'customers.acme.registrations.support.sinkCredential');
    assert.equal(error.line, 16);
    assert.match(error.message, /must not be written in the file; secrets never go in the file: put the JSON in the stack config \(pulumi config set --secret acmeSink .*\) and write sinkCredential: \{ secretConfig: acmeSink \}/);
    // Nor beside the reference, nor in the defaults; and a reference is a config key.
    assert.match(errorAt(errorsOf(VALID.replace('{ secretConfig: acmeSink }', '{ secretConfig: acmeSink, accessToken: abc }')), 'customers.acme.registrations.support.sinkCredential').message, /must hold secretConfig only/);
    assert.match(errorAt(errorsOf(VALID.replace('{ secretConfig: acmeSink }', '{ secretConfig: "not a key" }')), 'customers.acme.registrations.support.sinkCredential').message, /secretConfig must be a stack config key/);
    const inDefaults = errorsOf(VALID.replace('      verifyCallerAction: BLOCK_UNVERIFIED', '      sinkCredential: { credentialType: PRIVATE_KEY_JWT }'));
    assert.equal(errorAt(inDefaults, 'customers.acme.registrationDefaults.sinkCredential').line, 10);
  });

  it('refuses a phone number used twice in one account, naming both places', () => {
    const errors = errorsOf(VALID.replace('"+33123456790"', '"+33123456789"'));
    assert.deepEqual(brief(errors), [
      'customers.acme.registrations.sales.phoneNumber @18:9: +33123456789 is also registered by customers.acme.registrations.support.phoneNumber (line 13): a number is registered once per account',
    ]);
  });

  it('refuses a registration key used twice in the file, and keys that are no safe names', () => {
    const second = [
      '  beta:',
      '    company: { legalName: B, countryOfRegistration: FR, registrationNumber: "2" }',
      '    brand: { name: B }',
      '    carriers: [OFR]',
      '    registrations:',
      '      support: { phoneNumber: "+33199999999", displayName: B }', // 26
      '      Help Desk: { phoneNumber: "+33199999998", displayName: B }', // 27
    ];
    const errors = errorsOf(VALID + yaml(...second));
    assert.match(errorAt(errors, 'customers.beta.registrations.support').message, /the key support is also used by customers\.acme\.registrations\.support \(line 12\)/);
    assert.equal(errorAt(errors, 'customers.beta.registrations.support').line, 26);
    const badKey = errorAt(errors, 'customers.beta.registrations.Help Desk');
    assert.deepEqual([badKey.line, badKey.column], [27, 7]);
    assert.match(badKey.message, /is not a valid key: must be lower-case letters, digits, - and _/);
  });

  it("refuses carrierCodes that are not the customer's carriers, and carriers listed twice", () => {
    const errors = errorsOf(VALID.replace('carrierCodes: [OFR]', 'carrierCodes: [OFR, SFR]').replace('carriers: [OFR,', 'carriers: [OFR, OFR,'));
    assert.deepEqual(brief(errors), [
      'customers.acme.carriers[1] @8:21: OFR is listed twice: also at customers.acme.carriers[0] (line 8)',
      "customers.acme.registrations.sales.carrierCodes[1] @20:29: SFR is not one of this customer's carriers (OFR, BYG): add it to customers.acme.carriers first",
    ]);
    const noCarriers = errorsOf(VALID.replace('    carriers: [OFR, { code: BYG, existingId: "c-1/BYG" }]\n', ''));
    assert.match(errorAt(noCarriers, 'customers.acme.carriers').message, /has registrations but no carriers/);
    assert.match(errorAt(errorsOf(VALID.replace('"c-1/BYG"', '"c-1/OFR"')), 'customers.acme.carriers[1].existingId').message, /must be the id of this BYG carrier: "<customerId>\/BYG"/);
  });

  it('refuses an existingId adopted by two entries: both would manage, and fight over, one object', () => {
    const registrations = errorsOf(
      VALID.replace('        displayName: ACME Support\n', '        displayName: ACME Support\n        existingId: r-1\n').replace('        displayName: ACME Sales\n', '        displayName: ACME Sales\n        existingId: r-1\n'),
    );
    assert.deepEqual(brief(registrations), [
      'customers.acme.registrations.sales.existingId @21:9: r-1 is also adopted by customers.acme.registrations.support.existingId (line 15): an object can be managed by one entry only',
    ]);
    const second = ['  beta:', '    existingId: c-1', '    company: { legalName: B, countryOfRegistration: FR, registrationNumber: "2" }', '    brand: { name: B }'];
    const customers = errorsOf(VALID.replace('    configNamespace: acmeAccount\n', '    configNamespace: acmeAccount\n    existingId: c-1\n') + yaml(...second));
    assert.match(errorAt(customers, 'customers.beta.existingId').message, /c-1 is also adopted by customers\.acme\.existingId \(line 6\)/);
    const carriers = errorsOf(VALID + yaml(...second.filter((line) => !line.includes('existingId')), '    carriers: [{ code: BYG, existingId: "c-1/BYG" }]'));
    assert.match(errorAt(carriers, 'customers.beta.carriers[0].existingId').message, /c-1\/BYG is also adopted by customers\.acme\.carriers\[1\]\.existingId \(line 8\)/);
  });

  it('refuses formerKeys claimed twice or still in use', () => {
    const errors = errorsOf(VALID.replace('formerKeys: [help-desk]', 'formerKeys: [sales, support]'));
    assert.match(errorAt(errors, 'customers.acme.registrations.support.formerKeys[0]').message, /sales is the key of customers\.acme\.registrations\.sales \(line 17\) now/);
    assert.match(errorAt(errors, 'customers.acme.registrations.support.formerKeys[1]').message, /support is this registration's own key/);
    const twice = errorsOf(VALID.replace('        carrierCodes: [OFR]', '        carrierCodes: [OFR]\n        formerKeys: [help-desk]'));
    assert.match(errorAt(twice, 'customers.acme.registrations.sales.formerKeys[0]').message, /help-desk is also a former key of customers\.acme\.registrations\.support \(line 12\)/);
  });

  it('refuses a wrong version and a file that is no mapping', () => {
    assert.deepEqual(brief(errorsOf(VALID.replace('version: 1', 'version: 2'))), ['version @1:1: must be 1']);
    assert.deepEqual(brief(errorsOf('- a\n- b\n')), [' @1:1: must be an object, not a list']);
  });
});

describe('manifest: YAML that cannot be read stops at the place it breaks', () => {
  it('a syntax error: its line and column, nothing else', () => {
    const errors = errorsOf(yaml('version: 1', 'customers:', '  acme:', '    brand: { name: ACME', '    carriers: [OFR]'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].file, 'branding.yaml');
    assert.equal(errors[0].line, 5);
    assert.ok(errors[0].message.length > 0);
  });

  it('a key written twice in one mapping: both lines, and the path', () => {
    const errors = errorsOf(VALID.replace('        displayName: ACME Sales\n', '        displayName: ACME Sales\n        displayName: ACME Ventes\n'));
    assert.deepEqual(brief(errors), ['customers.acme.registrations.sales.displayName @20:9: "displayName" is written twice in the same mapping (lines 19 and 20): keep one']);
  });

  it('an empty file, and a file that does not exist', () => {
    assert.deepEqual(brief(errorsOf('')), [' @1:1: the file is empty']);
    const missing = loadManifest(path.join(REPO_ROOT, 'no-such-branding.yaml'));
    assert.equal(missing.ok, false);
    assert.match(formatManifestError((missing as { errors: ManifestError[] }).errors[0]), /no-such-branding\.yaml: cannot read the manifest: no such file/);
    assert.ok(!fs.existsSync(path.join(REPO_ROOT, 'no-such-branding.yaml')));
  });
});
