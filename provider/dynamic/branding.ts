// Branding: a branding manifest (YAML) as Pulumi resources. The file is read and
// validated (provider/manifest) before anything is registered, so that a file with
// errors fails the program at preview with all of them and declares nothing; then each
// entry becomes a Customer, Carrier or Registration child of this component, named by
// its key, with its formerKeys as aliases.
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { describeManifestErrors, loadManifest } from '../manifest/load';
import { planBranding, type PlannedCustomer } from '../manifest/plan';
import { Carrier, Customer, Registration } from './resources';

export interface BrandingArgs {
  /** The manifest file; a relative path is taken from the working directory (the Pulumi project's folder). */
  file: string;
}

/** Component type token: renaming it would move every child to a new URN. */
const TYPE = 'brandedcalling:index:Branding';

export class Branding extends pulumi.ComponentResource {
  /** By key. */
  readonly customers: Record<string, Customer>;
  /** By name: "<customerKey>-<CODE>". */
  readonly carriers: Record<string, Carrier>;
  /** By key. */
  readonly registrations: Record<string, Registration>;

  constructor(name: string, args: BrandingArgs, opts?: pulumi.ComponentResourceOptions) {
    const file = path.resolve(args.file);
    // Named from the project's folder when inside it, as a reviewer sees it in the repository.
    const relative = path.relative(process.cwd(), file);
    const loaded = loadManifest(file, relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file);
    if (!loaded.ok) throw new pulumi.RunError(describeManifestErrors(loaded.errors));
    const plan = planBranding(loaded.manifest);
    const credentials = readCredentials(plan, loaded.placeOf);

    super(TYPE, name, {}, opts);
    this.customers = {};
    this.carriers = {};
    this.registrations = {};
    const aliases = (names: string[]) => names.map((former) => ({ name: former }));

    for (const planned of plan) {
      const { configNamespace } = planned.inputs;
      const customer = new Customer(planned.name, planned.inputs, { parent: this, aliases: aliases(planned.formerNames) });
      this.customers[planned.name] = customer;
      const carrierCodes = new Map<string, pulumi.Output<string>>();
      for (const carrier of planned.carriers) {
        const resource = new Carrier(
          carrier.name,
          { customerId: customer.customerId, carrierCode: carrier.carrierCode, existingId: carrier.existingId, configNamespace },
          { parent: this, aliases: aliases(carrier.formerNames) },
        );
        this.carriers[carrier.name] = resource;
        carrierCodes.set(carrier.carrierCode, resource.carrierCode);
      }
      for (const registration of planned.registrations) {
        this.registrations[registration.name] = new Registration(
          registration.name,
          {
            ...registration.inputs,
            customerId: customer.customerId,
            // The Carriers' outputs, not bare codes: carriers are added before and removed after the numbers.
            carrierCodes: registration.carrierCodes.map((code) => carrierCodes.get(code)!),
            sinkCredential: credentials.get(registration.name),
          },
          { parent: this, aliases: aliases(registration.formerNames) },
        );
      }
    }
    this.registerOutputs({});
  }
}

/**
 * The secrets the file references, read from stack config as secrets. Every missing or
 * unreadable key is reported at once, with the place in the file that names it; the
 * value itself never appears in a message.
 */
function readCredentials(plan: PlannedCustomer[], placeOf: (at: readonly PropertyKey[]) => string): Map<string, pulumi.Output<any>> {
  const credentials = new Map<string, pulumi.Output<any>>();
  const errors: string[] = [];
  for (const registration of plan.flatMap((customer) => customer.registrations)) {
    const reference = registration.sinkCredential;
    if (!reference) continue;
    const colon = reference.secretConfig.indexOf(':');
    const namespace = colon >= 0 ? reference.secretConfig.slice(0, colon) : undefined;
    const key = colon >= 0 ? reference.secretConfig.slice(colon + 1) : reference.secretConfig;
    const config = new pulumi.Config(namespace);
    const fullKey = `${namespace ?? pulumi.getProject()}:${key}`;
    const place = `${placeOf(reference.path)} (registration ${registration.name})`;
    try {
      const value = config.getSecretObject<any>(key);
      if (value === undefined) {
        errors.push(`${place}: the stack config ${fullKey} is not set: pulumi config set --secret ${fullKey} '<the credential as JSON>'`);
      } else {
        credentials.set(registration.name, value);
      }
    } catch {
      errors.push(`${place}: the stack config ${fullKey} is not a JSON object: set it again with pulumi config set --secret ${fullKey} '<the credential as JSON>'`);
    }
  }
  if (errors.length > 0) throw new pulumi.RunError(`${errors.length === 1 ? '1 error' : `${errors.length} errors`} in the stack config the manifest needs\n${errors.map((e) => `  ${e}`).join('\n')}`);
  return credentials;
}
