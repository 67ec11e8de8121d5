/** Orange's onboarding API: customers and the carriers declared for them. */
import { listOf, recordWith } from './answers';
import { ENDPOINTS } from './endpoints';
import type { Transport } from './transport';
import type { CarrierRecord, CustomerBody, CustomerRecord } from './types';

export interface CustomersApi {
  create(body: CustomerBody): Promise<CustomerRecord>;
  /** undefined when there is no such customer (404). */
  get(customerId: string): Promise<CustomerRecord | undefined>;
  list(): Promise<CustomerRecord[]>;
  replace(customerId: string, body: CustomerBody): Promise<CustomerRecord>;
  /** false when it was already gone (404). */
  delete(customerId: string): Promise<boolean>;
}

export interface CarriersApi {
  add(customerId: string, carrierCode: string): Promise<CarrierRecord>;
  get(customerId: string, carrierCode: string): Promise<CarrierRecord | undefined>;
  list(customerId: string): Promise<CarrierRecord[]>;
  /** false when it was already gone (404). */
  remove(customerId: string, carrierCode: string): Promise<boolean>;
}

export function customersApi(transport: Transport): CustomersApi {
  return {
    async create(body) {
      const operation = 'create customer';
      return recordWith<CustomerRecord>(operation, await transport.call({ operation, endpoint: ENDPOINTS.createCustomer, json: body }), 'customerId');
    },
    async get(customerId) {
      const operation = `get customer ${customerId}`;
      const answer = await transport.call({ operation, endpoint: ENDPOINTS.getCustomer, params: { customerId }, notFoundIsAnswer: true });
      return answer && recordWith<CustomerRecord>(operation, answer, 'customerId');
    },
    async list() {
      const operation = 'list customers';
      const { listKey } = ENDPOINTS.listCustomers;
      return listOf<CustomerRecord>(operation, await transport.call({ operation, endpoint: ENDPOINTS.listCustomers }), listKey);
    },
    async replace(customerId, body) {
      const operation = `replace customer ${customerId}`;
      const answer = await transport.call({ operation, endpoint: ENDPOINTS.replaceCustomer, params: { customerId }, json: body });
      return recordWith<CustomerRecord>(operation, answer, 'customerId');
    },
    async delete(customerId) {
      const operation = `delete customer ${customerId}`;
      const answer = await transport.call({ operation, endpoint: ENDPOINTS.deleteCustomer, params: { customerId }, notFoundIsAnswer: true });
      return answer !== undefined;
    },
  };
}

export function carriersApi(transport: Transport): CarriersApi {
  return {
    async add(customerId, carrierCode) {
      const operation = `add carrier ${carrierCode} to customer ${customerId}`;
      const answer = await transport.call({ operation, endpoint: ENDPOINTS.addCarrier, params: { customerId }, json: { carrierCode } });
      return recordWith<CarrierRecord>(operation, answer, 'carrierCode');
    },
    async get(customerId, carrierCode) {
      const operation = `get carrier ${carrierCode} of customer ${customerId}`;
      const answer = await transport.call({
        operation,
        endpoint: ENDPOINTS.getCarrier,
        params: { customerId, carrierCode },
        notFoundIsAnswer: true,
      });
      return answer && recordWith<CarrierRecord>(operation, answer, 'carrierCode');
    },
    async list(customerId) {
      const operation = `list carriers of customer ${customerId}`;
      const { listKey } = ENDPOINTS.listCarriers;
      return listOf<CarrierRecord>(operation, await transport.call({ operation, endpoint: ENDPOINTS.listCarriers, params: { customerId } }), listKey);
    },
    async remove(customerId, carrierCode) {
      const operation = `remove carrier ${carrierCode} from customer ${customerId}`;
      const answer = await transport.call({
        operation,
        endpoint: ENDPOINTS.removeCarrier,
        params: { customerId, carrierCode },
        notFoundIsAnswer: true,
      });
      return answer !== undefined;
    },
  };
}
