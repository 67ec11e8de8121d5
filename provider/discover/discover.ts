// Discovery: what an account holds, as the inputs that declare it. Pulumi-free: the
// command line and the tests call it with settings; the renderers turn its answer into
// a manifest or a program that adopts every object, so the first `up` creates nothing.
import type { ApiClient, CarrierRecord, CustomerRecord, RegistrationRecord } from '../client';
import { PULUMI_ONLY_INPUTS } from '../fields';
import { keysOf, pickInputs, type Props } from '../lifecycle';
import { customerInputsSchema } from '../resources/customer';
import { registrationInputsSchema } from '../resources/registration';

export interface DiscoveredRegistration {
  registrationId: string;
  /** The registration's inputs, less customerId and carrierCodes (wired to resources). */
  inputs: Props;
  carrierCodes: string[];
  status: string;
  /** Set when a write-only sink credential may exist that discovery cannot read. */
  hasSink: boolean;
}

export interface DiscoveredCustomer {
  customerId: string;
  inputs: Props;
  carrierCodes: string[];
  registrations: DiscoveredRegistration[];
}

export interface Discovery {
  customers: DiscoveredCustomer[];
  /** What discovery could not see or declare, for the person reading its output. */
  notes: string[];
}

const CUSTOMER_KEYS = keysOf(customerInputsSchema).filter((key) => !PULUMI_ONLY_INPUTS.includes(key as never));
/** Wired to the Customer and Carrier resources rather than written out. */
const WIRED = ['customerId', 'carrierCodes'];
const REGISTRATION_KEYS = keysOf(registrationInputsSchema).filter(
  (key) => !PULUMI_ONLY_INPUTS.includes(key as never) && !WIRED.includes(key) && key !== 'sinkCredential',
);

/**
 * Lists every customer, carrier and (through the v0.2 list) registration of the account
 * the client reaches. Under v0.1 registrations cannot be listed: a note says so.
 */
export async function discoverAccount(client: ApiClient, registrationApiVersion: 'v0.1' | 'v0.2'): Promise<Discovery> {
  const notes: string[] = [];
  const customers: CustomerRecord[] = await client.customers.list();
  let registrations: RegistrationRecord[] = [];
  if (registrationApiVersion === 'v0.2') {
    registrations = await client.registrations.list();
  } else {
    notes.push(
      'Registrations were not listed: the v0.1 registration API has no list. Run discover with --registration-api-version v0.2 ' +
        '(the same registrations, seen through the v0.2 API) to include them, or declare them by hand with existingId.',
    );
  }
  const found: DiscoveredCustomer[] = [];
  for (const customer of sortBy(customers, (c) => `${c.brand?.name ?? ''} ${c.customerId}`)) {
    const carriers: CarrierRecord[] = await client.carriers.list(customer.customerId);
    const own = registrations.filter((r) => r.customerId === customer.customerId);
    found.push({
      customerId: customer.customerId,
      inputs: pickInputs(CUSTOMER_KEYS, customer),
      carrierCodes: carriers.map((c) => c.carrierCode).sort(),
      registrations: sortBy(own, (r) => String(r.phoneNumber)).map((r) => {
        if (r.sink) {
          notes.push(
            `Registration ${r.phoneNumber} (${r.registrationId}) notifies ${r.sink}: its sink credential is write-only, so it is not declared. ` +
              'Declare it from stack config (a secret) if the API should keep one; it is sent on the first up.',
          );
        }
        return {
          registrationId: r.registrationId,
          inputs: pickInputs(REGISTRATION_KEYS, r as unknown as Props),
          carrierCodes: (r.carriers ?? []).map((c) => c.carrierCode),
          status: r.status,
          hasSink: Boolean(r.sink),
        };
      }),
    });
  }
  const orphans = registrations.filter((r) => !customers.some((c) => c.customerId === r.customerId));
  for (const r of orphans) notes.push(`Registration ${r.phoneNumber} (${r.registrationId}) names customer ${r.customerId}, which the account does not list: left out.`);
  return { customers: found, notes };
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}

/** A resource name from a label: lower case, letters, digits and dashes. */
export function slug(label: string, fallback: string): string {
  const text = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(text) ? text.slice(0, 40).replace(/-+$/, '') : `${fallback}${text ? `-${text}` : ''}`.slice(0, 40);
}

/** Stable, unique resource names: brand name for customers, number for registrations. */
export function nameResources(discovery: Discovery): { customer: string; registrations: string[] }[] {
  const taken = new Set<string>();
  const unique = (base: string) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    return name;
  };
  return discovery.customers.map((customer) => {
    const brand = (customer.inputs.brand as { name?: string } | undefined)?.name ?? '';
    const customerName = unique(slug(brand, 'customer'));
    return {
      customer: customerName,
      registrations: customer.registrations.map((r) => unique(`${customerName}-${String(r.inputs.phoneNumber ?? r.registrationId).replace(/[^0-9]/g, '')}`)),
    };
  });
}
