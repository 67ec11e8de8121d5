// What a valid manifest declares, as resources: names, former names (aliases) and inputs,
// with the references between them (a registration's customer and carriers) left as
// keys for the binding to wire to outputs. No Pulumi here: unit-tested as it is.
import type { CustomerInputs } from '../resources/customer';
import type { RegistrationInputs } from '../resources/registration';
import type { Manifest, SecretReference } from './schema';

export interface PlannedCarrier {
  /** "<customerKey>-<CODE>". */
  name: string;
  /** The names it had under the customer's former keys. */
  formerNames: string[];
  carrierCode: string;
  existingId?: string;
}

export interface PlannedRegistration {
  name: string;
  formerNames: string[];
  /** Its inputs, defaults applied, less what is wired (customerId, carrierCodes) or secret. */
  inputs: Omit<RegistrationInputs, 'customerId' | 'carrierCodes' | 'sinkCredential'>;
  /** Codes among its customer's carriers: wired to those Carriers' outputs. */
  carrierCodes: string[];
  /** Where the secret is in stack config, and where the file says so (for errors). */
  sinkCredential?: SecretReference & { path: string[] };
}

export interface PlannedCustomer {
  name: string;
  formerNames: string[];
  inputs: CustomerInputs;
  carriers: PlannedCarrier[];
  registrations: PlannedRegistration[];
}

/** Drops undefined values: an input left out and one never written are the same. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function planBranding(manifest: Manifest): PlannedCustomer[] {
  return Object.entries(manifest.customers).map(([customerKey, customer]) => {
    const { formerKeys = [], carriers, registrationDefaults = {}, registrations, ...customerInputs } = customer;
    const { configNamespace } = customerInputs;
    const codes = carriers.map((carrier) => carrier.code);
    const { sinkCredential: defaultCredential, carrierCodes: defaultCodes, ...defaults } = registrationDefaults;
    return {
      name: customerKey,
      formerNames: formerKeys,
      inputs: defined(customerInputs),
      carriers: carriers.map(({ code, existingId }) => ({
        name: `${customerKey}-${code}`,
        formerNames: formerKeys.map((former) => `${former}-${code}`),
        carrierCode: code,
        ...(existingId === undefined ? {} : { existingId }),
      })),
      registrations: Object.entries(registrations).map(([key, registration]): PlannedRegistration => {
        const { formerKeys: registrationFormerKeys = [], sinkCredential, carrierCodes, ...own } = registration;
        const credentialPath = sinkCredential
          ? ['customers', customerKey, 'registrations', key, 'sinkCredential']
          : ['customers', customerKey, 'registrationDefaults', 'sinkCredential'];
        const credential = sinkCredential ?? defaultCredential;
        return {
          name: key,
          formerNames: registrationFormerKeys,
          inputs: defined({ ...defaults, ...defined(own), configNamespace }) as PlannedRegistration['inputs'],
          carrierCodes: carrierCodes ?? defaultCodes ?? codes,
          ...(credential ? { sinkCredential: { ...credential, path: credentialPath } } : {}),
        };
      }),
    };
  });
}
