// Customer: a company and the brand it calls under (Management Onboarding API).
// id = customerId. Every field updates in place (the API replaces the whole customer).
import { z } from 'zod';
import { isApiError, type CustomerBody, type CustomerRecord } from '../client';
import * as fields from '../fields';
import { apiBody, checkWithSchema, diffInputs, goneHint, keysOf, Lifecycle, pickInputs, Props } from '../lifecycle';

const contactFields = {
  name: fields.text(256).describe('Full name of the contact.'),
  email: fields.email.optional().describe('Email address.'),
  phoneNumber: fields.phoneNumber.optional().describe('Phone number in E.164 format.'),
};
const companyContact = z.strictObject({ ...contactFields, role: fields.text(128).optional().describe('Role in the company.') });
const brandContact = z.strictObject({ ...contactFields, title: fields.text(128).optional().describe('Job title.') });

export const customerInputsSchema = z.strictObject({
  company: z
    .strictObject({
      legalName: fields.text(256).describe('Registered legal name.'),
      countryOfRegistration: fields.countryCode.describe('ISO 3166-1 alpha-2 country of registration, e.g. FR.'),
      registrationNumber: fields.text(64).describe('Company registration number (e.g. SIREN); unique per country in an account.'),
      corporateWebsite: fields.webUrl.optional().describe('Corporate website URL.'),
      dunsNumber: z.string().regex(/^[0-9]{9}$/, 'must be a DUNS number of 9 digits').optional().describe('9-digit DUNS number.'),
      legalForm: fields.text(64).optional().describe('Legal form, e.g. SA, SAS.'),
      industry: z
        .string()
        .max(64, 'must be at most 64 characters')
        .regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'must be a snake_case sector, e.g. water_supply_waste')
        .optional()
        .describe('Industry sector in snake_case, e.g. water_supply_waste.'),
      address: z
        .strictObject({
          streetNumber: fields.text(16).optional(),
          street: fields.text(256).optional(),
          zipCode: fields.text(16).optional(),
          city: fields.text(128).optional(),
        })
        .optional()
        .describe('Registered address.'),
      employeeCount: z.int('must be a whole number').min(0, 'must not be negative').optional().describe('Number of employees.'),
      contact: companyContact.optional().describe('Company contact.'),
    })
    .describe('The company behind the brand.'),
  brand: z
    .strictObject({
      name: fields.text(256).describe('Brand name.'),
      tradingWebsite: fields.webUrl.optional().describe('Trading website URL.'),
      callPurpose: z
        .string()
        .max(64, 'must be at most 64 characters')
        .regex(/^[a-z][a-z0-9_-]*$/, 'must be lower case, e.g. survey')
        .optional()
        .describe('Purpose of the brand\'s calls, lower case (e.g. survey).'),
      contact: brandContact.optional().describe('Brand contact.'),
    })
    .describe('The brand the company calls under.'),
  existingId: fields.existingId('customer', 'its customerId'),
  configNamespace: fields.configNamespace,
});

export type CustomerInputs = z.infer<typeof customerInputsSchema>;

export const customerOutputsSchema = customerInputsSchema.extend({
  customerId: z.string().describe('The id the API gave the customer (a UUID); also the resource id.'),
  createdAt: z.string().optional().describe('When the API created it.'),
  updatedAt: z.string().optional().describe('When the API last changed it.'),
});

const INPUT_KEYS = keysOf(customerInputsSchema);
export const CUSTOMER_REPLACE_KEYS = ['configNamespace'];

function outputsOf(inputs: Props, record: CustomerRecord): Props {
  return { ...inputs, customerId: record.customerId, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

export const customerLifecycle: Lifecycle<CustomerInputs> = {
  type: 'Customer',
  description:
    'A company and the brand it calls under (Management Onboarding API). Its id is the customerId; every field updates in place.',
  outputSchema: customerOutputsSchema,
  replaceOnChanges: CUSTOMER_REPLACE_KEYS,
  schema: customerInputsSchema,

  check(news) {
    return { inputs: news, failures: checkWithSchema(customerInputsSchema, news) };
  },

  diff(_id, olds, news) {
    return diffInputs(INPUT_KEYS, olds, news, CUSTOMER_REPLACE_KEYS);
  },

  async create(inputs, ctx) {
    const client = ctx.client(inputs.configNamespace);
    const body = apiBody(inputs, fields.PULUMI_ONLY_INPUTS) as CustomerBody;
    const record = await client.customers.create(body).catch(async (error: unknown) => {
      if (!isApiError(error, 409)) throw error;
      // A customer is one per (country, registration number) in an account: the one there
      // (a create whose answer was lost, or one made by hand) is this one. Take it over.
      const { countryOfRegistration, registrationNumber } = inputs.company;
      const customers = await client.customers.list().catch((listError: unknown) => {
        throw new Error(
          `Customer ${inputs.company.legalName}: the API already holds a customer registered as ${countryOfRegistration} ${registrationNumber} ` +
            `(a create whose answer was lost, or one made outside Pulumi), and listing the customers to find it failed: ${(listError as Error).message}. ` +
            `Run pulumi up again to take it over, or declare this resource with existingId set to its customerId. (${(error as Error).message})`,
        );
      });
      const existing = customers.find(
        (c) => c.company?.countryOfRegistration === countryOfRegistration && c.company?.registrationNumber === registrationNumber,
      );
      if (!existing) {
        throw new Error(
          `Customer ${inputs.company.legalName}: the API already holds a customer registered as ${countryOfRegistration} ${registrationNumber}, ` +
            `which this program cannot list. To manage it here, declare this resource with existingId set to its customerId. (${(error as Error).message})`,
        );
      }
      ctx.info(`Customer ${inputs.company.legalName}: customer ${existing.customerId} already holds ${countryOfRegistration} ${registrationNumber} (a create whose answer was lost, or one made outside Pulumi): taken over and brought to the declared values.`);
      return client.customers.replace(existing.customerId, body);
    });
    return { id: record.customerId, outs: outputsOf(inputs, record) };
  },

  async read(id, props, ctx) {
    const namespace = props.configNamespace as string | undefined;
    const record = await ctx.client(namespace).customers.get(id);
    if (!record) return {};
    const inputs = pickInputs(INPUT_KEYS, { company: record.company, brand: record.brand, configNamespace: namespace });
    return { id, props: outputsOf(inputs, record), inputs };
  },

  async update(id, _olds, news, ctx) {
    const record = await ctx.client(news.configNamespace).customers.replace(id, apiBody(news, fields.PULUMI_ONLY_INPUTS) as CustomerBody).catch((error: unknown) => goneHint(`Customer ${news.company.legalName} (id ${id})`, error));
    return { outs: outputsOf(news, record) };
  },

  async delete(id, props, ctx) {
    await ctx.client(props.configNamespace as string | undefined).customers.delete(id);
  },
};
