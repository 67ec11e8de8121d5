// Customer, Carrier and Registration as Pulumi dynamic resources.
//
// Their providers are modules of this package, so Pulumi serializes each as a bare
// require("pulumi-branded-calling/dynamic/<kind>"): no setting, secret or path is frozen
// into state, the text is the same for every resource of a type and a few hundred bytes
// long, and a later build of the package (whose internal files may have moved) still
// serves old stacks through the same public module names.
import * as pulumi from '@pulumi/pulumi';
import type { CarrierInputs } from '../resources/carrier';
import type { CustomerInputs } from '../resources/customer';
import type { RegistrationInputs } from '../resources/registration';
import carrierProvider = require('./carrier');
import customerProvider = require('./customer');
import registrationProvider = require('./registration');

/** Type tokens: pulumi-nodejs:dynamic/brandedcalling:<Type>. */
const MODULE = 'brandedcalling';

/** Inputs as a program gives them: any value, at any depth, may be an Output. */
type DeepInput<T> = T extends readonly (infer U)[]
  ? pulumi.Input<pulumi.Input<DeepInput<U>>[]>
  : T extends object
    ? { [K in keyof T]: pulumi.Input<DeepInput<T[K]>> }
    : T;

export type CustomerArgs = DeepInput<CustomerInputs>;
export type CarrierArgs = DeepInput<CarrierInputs>;
export type RegistrationArgs = DeepInput<RegistrationInputs>;

export interface CarrierStatus {
  carrierCode: string;
  status: 'pending' | 'active' | 'rejected';
  reason?: string;
}

/** A company and the brand it calls under. Its id is the customerId. */
export class Customer extends pulumi.dynamic.Resource {
  declare readonly customerId: pulumi.Output<string>;
  declare readonly company: pulumi.Output<CustomerInputs['company']>;
  declare readonly brand: pulumi.Output<CustomerInputs['brand']>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: CustomerArgs, opts?: pulumi.CustomResourceOptions) {
    super(customerProvider, name, { ...args, customerId: undefined, createdAt: undefined, updatedAt: undefined }, opts, MODULE, 'Customer');
  }
}

/** A carrier a customer reaches. Its id is "{customerId}/{carrierCode}". */
export class Carrier extends pulumi.dynamic.Resource {
  declare readonly customerId: pulumi.Output<string>;
  declare readonly carrierCode: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: CarrierArgs, opts?: pulumi.CustomResourceOptions) {
    super(carrierProvider, name, { ...args, status: undefined, createdAt: undefined }, opts, MODULE, 'Carrier');
  }
}

/** A phone number shown with a brand name on the customer's carriers. Its id is the registrationId. */
export class Registration extends pulumi.dynamic.Resource {
  declare readonly registrationId: pulumi.Output<string>;
  declare readonly phoneNumber: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly customerId: pulumi.Output<string>;
  declare readonly carrierCodes: pulumi.Output<string[] | undefined>;
  /** pending until a carrier accepts, then active. */
  declare readonly status: pulumi.Output<string>;
  declare readonly carrierStatuses: pulumi.Output<CarrierStatus[]>;
  declare readonly createdAt: pulumi.Output<string | undefined>;
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: RegistrationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      // Write-only and secret whatever the program passed: never stored in clear.
      sinkCredential: args.sinkCredential === undefined ? undefined : pulumi.secret(args.sinkCredential),
      registrationId: undefined,
      status: undefined,
      carrierStatuses: undefined,
      createdAt: undefined,
      updatedAt: undefined,
    };
    const secretOutputs = ['sinkCredential', ...(opts?.additionalSecretOutputs ?? [])];
    super(registrationProvider, name, props, { ...opts, additionalSecretOutputs: secretOutputs }, MODULE, 'Registration');
  }
}
