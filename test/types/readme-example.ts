// The README's TypeScript example, compiled (never run) with the rest of the project:
// `npm test` fails to build when the published types stop accepting it.
import * as pulumi from '@pulumi/pulumi';
import * as bc from '../../provider';

export function readmeExample(): pulumi.Output<string> {
  const acme = new bc.Customer('acme', {
    company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' },
    brand: { name: 'ACME', callPurpose: 'survey' },
  });
  const ofr = new bc.Carrier('acme-ofr', { customerId: acme.customerId, carrierCode: 'OFR' });
  const byg = new bc.Carrier('acme-byg', { customerId: acme.customerId, carrierCode: 'BYG' });

  return new bc.Registration('support', {
    customerId: acme.customerId,
    carrierCodes: [ofr.carrierCode, byg.carrierCode], // orders creates and deletes after the carriers
    phoneNumber: '+33140000001',
    displayName: 'ACME Support',
  }).status;
}

/** Outputs are accepted at any depth, e.g. a whole contact from elsewhere. */
export function nestedOutputs(contact: pulumi.Output<{ name: string; email?: string }>): bc.Customer {
  return new bc.Customer('nested', {
    company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: pulumi.output('123456789'), contact },
    brand: { name: 'ACME' },
  });
}
