// @ts-check
// Waiting for carriers: `pulumi up` returns once the number is active (a carrier has
// accepted it), or fails after the timeout. A failed wait keeps the registration in the
// stack (nothing is created twice): the next `pulumi up` waits again.
const pulumi = require('@pulumi/pulumi');
const bc = require('pulumi-branded-calling');

const config = new pulumi.Config();
const waitSeconds = config.getNumber('waitSeconds') ?? 600;

const acme = new bc.Customer('acme', {
  company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' },
  brand: { name: 'ACME' },
});
const carriers = ['OFR', 'BYG'].map((code) => new bc.Carrier(`acme-${code.toLowerCase()}`, { customerId: acme.customerId, carrierCode: code }));

const hotline = new bc.Registration('hotline', {
  customerId: acme.customerId,
  carrierCodes: carriers.map((c) => c.carrierCode),
  phoneNumber: '+33140000009',
  displayName: 'ACME Hotline',
  waitForActiveSeconds: waitSeconds,
});

exports.status = hotline.status;
// Per carrier: pending, active or rejected (with the carrier's reason).
exports.carriers = hotline.carrierStatuses;
