// @ts-check
// Two Orange Developer accounts from one program: each resource names the config
// namespace that holds its account's settings. Nothing of either account's credentials
// is stored in the program's state: the provider reads them from the stack config.
//
//   pulumi config set brandedcalling:clientId <id of account A>
//   pulumi config set --secret brandedcalling:clientSecret <secret of account A>
//   pulumi config set partner:clientId <id of account B>
//   pulumi config set --secret partner:clientSecret <secret of account B>
//   (and brandedcalling:apiRoot / partner:apiRoot to point either somewhere else)
const bc = require('pulumi-branded-calling');

/** One customer with one carrier and one number, in the account of `configNamespace`. */
function brand(name, { configNamespace, legalName, registrationNumber, phoneNumber, displayName }) {
  const customer = new bc.Customer(name, {
    configNamespace,
    company: { legalName, countryOfRegistration: 'FR', registrationNumber },
    brand: { name: displayName },
  });
  const carrier = new bc.Carrier(`${name}-ofr`, { configNamespace, customerId: customer.customerId, carrierCode: 'OFR' });
  const registration = new bc.Registration(`${name}-main-line`, {
    configNamespace,
    customerId: customer.customerId,
    carrierCodes: [carrier.carrierCode],
    phoneNumber,
    displayName,
  });
  return { customerId: customer.customerId, registrationId: registration.registrationId };
}

// The default namespace is "brandedcalling"; naming it is the same as leaving it out.
exports.acme = brand('acme', { configNamespace: 'brandedcalling', legalName: 'ACME Corp', registrationNumber: '123456789', phoneNumber: '+33140000001', displayName: 'ACME' });
exports.partner = brand('partner', { configNamespace: 'partner', legalName: 'Partner SAS', registrationNumber: '987654321', phoneNumber: '+33140000001', displayName: 'Partner' });
