// The two Pulumi programs `npm run bench` times, as source text: the user's (one customer,
// two carriers, N registrations) and the floor (N do-nothing dynamic resources).

/**
 * The user's program: one customer, two carriers, N registrations wired to both. The label
 * is in the source, as a user would edit it (a config value would also change the provider's config).
 */
export const brandedProgram = (label: string) => `
const pulumi = require('@pulumi/pulumi');
const bc = require('pulumi-branded-calling');
const count = new pulumi.Config('bench').requireNumber('count');
const label = ${JSON.stringify(label)};
const acme = new bc.Customer('acme', {
  company: { legalName: 'ACME Corp', countryOfRegistration: 'FR', registrationNumber: '123456789' },
  brand: { name: 'ACME', callPurpose: 'customer_service' },
});
const ofr = new bc.Carrier('acme-ofr', { customerId: acme.customerId, carrierCode: 'OFR' });
const byg = new bc.Carrier('acme-byg', { customerId: acme.customerId, carrierCode: 'BYG' });
for (let i = 0; i < count; i++) {
  new bc.Registration('line-' + i, {
    customerId: acme.customerId,
    carrierCodes: [ofr.carrierCode, byg.carrierCode],
    phoneNumber: '+3314' + String(i).padStart(7, '0'),
    displayName: label + ' ' + i,
  });
}
`;

/** The floor: N dynamic resources whose provider does nothing. */
export const floorProgram = (label: string) => `
const pulumi = require('@pulumi/pulumi');
const count = new pulumi.Config('bench').requireNumber('count');
const label = ${JSON.stringify(label)};
const provider = {
  async create(inputs) { return { id: inputs.key, outs: inputs }; },
  async diff(id, olds, news) { return { changes: olds.label !== news.label }; },
  async update(id, olds, news) { return { outs: news }; },
  async delete() {},
};
class Noop extends pulumi.dynamic.Resource {
  constructor(name, args) { super(provider, name, args, undefined, 'bench:Noop'); }
}
for (let i = 0; i < count; i++) new Noop('line-' + i, { key: 'line-' + i, label: label + ' ' + i });
`;
