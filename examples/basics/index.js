// @ts-check
// The basics: ACME (from Orange's getting-started page) shows its brand name on Orange
// France and Bouygues Telecom for three of its numbers. Copy this folder to start.
//
//   pulumi config set brandedcalling:clientId <id>
//   pulumi config set --secret brandedcalling:clientSecret <secret>
//   pulumi up
const bc = require('pulumi-branded-calling');

const acme = new bc.Customer('acme', {
  company: {
    legalName: 'ACME Corp',
    countryOfRegistration: 'FR',
    corporateWebsite: 'https://www.acme.com',
    registrationNumber: '123456789',
    dunsNumber: '123456789',
    legalForm: 'SA',
    industry: 'water_supply_waste',
    address: { streetNumber: '10', street: 'Main Street', zipCode: '75001', city: 'Paris' },
    employeeCount: 50,
    contact: { name: 'John Doe', role: 'CEO', email: 'john@acme.com', phoneNumber: '+33600000001' },
  },
  brand: {
    tradingWebsite: 'https://www.acme.com',
    callPurpose: 'survey',
    name: 'ACME',
    contact: { name: 'Jane Doe', title: 'Marketing Director', email: 'jane@acme.com', phoneNumber: '+33698765432' },
  },
});

// One Carrier per carrier the customer reaches. Registrations name them through their
// carrierCode outputs, so Pulumi adds carriers before and removes them after the numbers.
const orangeFrance = new bc.Carrier('acme-ofr', { customerId: acme.customerId, carrierCode: 'OFR' });
const bouygues = new bc.Carrier('acme-byg', { customerId: acme.customerId, carrierCode: 'BYG' });
const carrierCodes = [orangeFrance.carrierCode, bouygues.carrierCode];

const numbers = {
  support: { phoneNumber: '+33140000001', displayName: 'ACME Support' },
  sales: { phoneNumber: '+33140000002', displayName: 'ACME Sales' },
  billing: { phoneNumber: '+33140000003', displayName: 'ACME Billing', verifyCallerAction: /** @type {const} */ ('BLOCK_UNVERIFIED') },
};

const registrations = Object.fromEntries(
  Object.entries(numbers).map(([name, number]) => [
    name,
    new bc.Registration(name, { customerId: acme.customerId, carrierCodes, ...number }),
  ]),
);

exports.customerId = acme.customerId;
exports.registrations = Object.fromEntries(
  Object.entries(registrations).map(([name, r]) => [name, { id: r.registrationId, phoneNumber: r.phoneNumber, displayName: r.displayName, status: r.status }]),
);
