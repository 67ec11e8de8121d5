// From a valid manifest to the resources it declares: names, former names, inputs with
// defaults applied, and the carriers each number is wired to.
import { strict as assert } from 'node:assert';
import { parseManifest } from '../../provider/manifest/load';
import { planBranding } from '../../provider/manifest/plan';

const FILE = `version: 1
customers:
  acme:
    formerKeys: [acme-corp]
    configNamespace: acmeAccount
    existingId: c-1
    company: { legalName: ACME Corp, countryOfRegistration: FR, registrationNumber: "123456789" }
    brand: { name: ACME }
    carriers: [OFR, { code: BYG, existingId: c-1/BYG }]
    registrationDefaults:
      verifyCallerAction: BLOCK_UNVERIFIED
      campaignName: spring
      sinkCredential: { secretConfig: acmeAccount:sink }
    registrations:
      support:
        phoneNumber: "+33123456789"
        displayName: ACME Support
        formerKeys: [help-desk]
      sales:
        phoneNumber: "+33123456790"
        displayName: ACME Sales
        verifyCallerAction: DO_NOT_BRAND
        carrierCodes: [OFR]
        existingId: r-9
        sinkCredential: { secretConfig: salesSink }
`;

describe('manifest: the resources a file declares', () => {
  const result = parseManifest(FILE, 'branding.yaml');
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  const [acme] = planBranding(result.manifest);

  it('a Customer named by its key, aliased by its former keys, with its inputs only', () => {
    assert.equal(acme.name, 'acme');
    assert.deepEqual(acme.formerNames, ['acme-corp']);
    assert.deepEqual(acme.inputs, {
      company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' },
      brand: { name: 'ACME' },
      existingId: 'c-1',
      configNamespace: 'acmeAccount',
    });
  });

  it('a Carrier per code, named <customerKey>-<CODE>, following the customer\'s renames', () => {
    assert.deepEqual(acme.carriers, [
      { name: 'acme-OFR', formerNames: ['acme-corp-OFR'], carrierCode: 'OFR' },
      { name: 'acme-BYG', formerNames: ['acme-corp-BYG'], carrierCode: 'BYG', existingId: 'c-1/BYG' },
    ]);
  });

  it('registrations: defaults applied and overridden, the customer\'s namespace, all its carriers unless named', () => {
    const [support, sales] = acme.registrations;
    assert.deepEqual(support, {
      name: 'support',
      formerNames: ['help-desk'],
      inputs: { verifyCallerAction: 'BLOCK_UNVERIFIED', campaignName: 'spring', phoneNumber: '+33123456789', displayName: 'ACME Support', configNamespace: 'acmeAccount' },
      carrierCodes: ['OFR', 'BYG'],
      sinkCredential: { secretConfig: 'acmeAccount:sink', path: ['customers', 'acme', 'registrationDefaults', 'sinkCredential'] },
    });
    assert.deepEqual(sales, {
      name: 'sales',
      formerNames: [],
      inputs: { verifyCallerAction: 'DO_NOT_BRAND', campaignName: 'spring', phoneNumber: '+33123456790', displayName: 'ACME Sales', existingId: 'r-9', configNamespace: 'acmeAccount' },
      carrierCodes: ['OFR'],
      sinkCredential: { secretConfig: 'salesSink', path: ['customers', 'acme', 'registrations', 'sales', 'sinkCredential'] },
    });
  });
});
