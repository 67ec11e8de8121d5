// Carrier: a carrier a customer wants its brand shown on (Management Onboarding API).
// id = "{customerId}/{carrierCode}". Nothing updates in place: another customer or code
// is another carrier, so any change replaces it.
import { z } from 'zod';
import { ApiError, CarrierRecord } from '../client';
import * as fields from '../fields';
import { checkWithSchema, diffInputs, keysOf, Lifecycle, Props } from '../lifecycle';

export const carrierInputsSchema = z.strictObject({
  customerId: z.string().min(1, 'must not be empty').describe('The customer (its customerId) that wants to reach this carrier.'),
  carrierCode: fields.carrierCode.describe('The carrier: OFR (Orange France), BYG (Bouygues Telecom), ...'),
  existingId: fields.existingId('carrier', '{customerId}/{carrierCode}'),
  configNamespace: fields.configNamespace,
});

export type CarrierInputs = z.infer<typeof carrierInputsSchema>;

export const carrierOutputsSchema = carrierInputsSchema.extend({
  status: z.string().optional().describe("The carrier's status for this customer, as the API reports it."),
  createdAt: z.string().optional().describe('When the carrier was added.'),
});

const INPUT_KEYS = keysOf(carrierInputsSchema);
/** Another customer or code is another carrier. */
export const CARRIER_REPLACE_KEYS = ['customerId', 'carrierCode', 'configNamespace'];

export function carrierId(customerId: string, carrierCode: string): string {
  return `${customerId}/${carrierCode}`;
}

export function parseCarrierId(id: string): { customerId: string; carrierCode: string } {
  const slash = id.lastIndexOf('/');
  if (slash <= 0) throw new Error(`"${id}" is not a carrier id: expected {customerId}/{carrierCode}`);
  return { customerId: id.slice(0, slash), carrierCode: id.slice(slash + 1) };
}

function outputsOf(inputs: Props, record: CarrierRecord): Props {
  return { ...inputs, status: record.status, createdAt: record.createdAt };
}

export const carrierLifecycle: Lifecycle<CarrierInputs> = {
  type: 'Carrier',
  description:
    'A carrier a customer wants its brand shown on (e.g. OFR, BYG). Its id is {customerId}/{carrierCode}; any change replaces it.',
  outputSchema: carrierOutputsSchema,
  replaceOnChanges: CARRIER_REPLACE_KEYS,
  schema: carrierInputsSchema,

  check(news) {
    return { inputs: news, failures: checkWithSchema(carrierInputsSchema, news) };
  },

  diff(_id, olds, news) {
    return diffInputs(INPUT_KEYS, olds, news, CARRIER_REPLACE_KEYS);
  },

  async create(inputs, ctx) {
    const client = ctx.client(inputs.configNamespace);
    let record: CarrierRecord | undefined;
    try {
      record = await client.carriers.add(inputs.customerId, inputs.carrierCode);
    } catch (error) {
      // A carrier is named by its customer and code, so one already there (a create whose
      // answer was lost, or one added by hand) is this very carrier: take it over.
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      record = await client.carriers.get(inputs.customerId, inputs.carrierCode);
      if (!record) throw error;
      ctx.info(`Carrier ${inputs.carrierCode} of customer ${inputs.customerId} was already added (a create whose answer was lost, or one made outside Pulumi): taken over.`);
    }
    return { id: carrierId(inputs.customerId, inputs.carrierCode), outs: outputsOf(inputs, record) };
  },

  async read(id, props, ctx) {
    const { customerId, carrierCode } = parseCarrierId(id);
    const namespace = props.configNamespace as string | undefined;
    const record = await ctx.client(namespace).carriers.get(customerId, carrierCode);
    if (!record) return {};
    const inputs: Props = { customerId, carrierCode, ...(namespace ? { configNamespace: namespace } : {}) };
    return { id, props: outputsOf(inputs, record), inputs };
  },

  async update(_id, olds, news) {
    // Every input replaces, so an update only ever carries nothing the API needs.
    return { outs: { ...olds, ...news } };
  },

  async delete(id, props, ctx) {
    const { customerId, carrierCode } = parseCarrierId(id);
    await ctx.client(props.configNamespace as string | undefined).carriers.remove(customerId, carrierCode);
  },
};
