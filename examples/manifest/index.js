// @ts-check
// The branding as a YAML file: branding.yaml says which numbers show which name on which
// carriers; this program only turns it into resources. People who own the numbers edit
// the YAML (and check it with `npx pulumi-branded-calling validate branding.yaml`).
//
//   pulumi config set brandedcalling:clientId <id>
//   pulumi config set --secret brandedcalling:clientSecret <secret>
//   pulumi up
const path = require('node:path');
const bc = require('pulumi-branded-calling');

const branding = new bc.Branding('branding', { file: path.join(__dirname, 'branding.yaml') });

exports.registrations = Object.fromEntries(
  Object.entries(branding.registrations).map(([key, r]) => [key, { phoneNumber: r.phoneNumber, displayName: r.displayName, status: r.status }]),
);
