// schema.json, the Pulumi package schema, derived from the resources' zod schemas and the
// provider config: types, required inputs, secrets, replace-on-change fields and
// descriptions come from the same declarations that check inputs at preview.
import { z } from 'zod';
import { providerConfigSchema } from './config';
import type { Lifecycle } from './lifecycle';
import { LIFECYCLES } from './binding';

export const PACKAGE = 'brandedcalling';

type JsonSchema = {
  type?: string;
  description?: string;
  secret?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  env?: string;
  default?: unknown;
};

type PropertySpec = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** A oneOf of objects becomes one object: every property, required where all require it. */
function mergeAlternatives(alternatives: JsonSchema[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const alternative of alternatives) {
    for (const [key, value] of Object.entries(alternative.properties ?? {})) properties[key] ??= value;
  }
  const required = Object.keys(properties).filter((key) => alternatives.every((a) => a.required?.includes(key)));
  return { type: 'object', properties, required };
}

class SchemaBuilder {
  readonly types: Record<string, unknown> = {};

  /** A Pulumi property spec; nested objects become named types (e.g. CustomerCompanyAddress). */
  property(json: JsonSchema, typeName: string, extra: { secret?: boolean; replaceOnChanges?: boolean } = {}): PropertySpec {
    const alternatives = json.oneOf ?? json.anyOf;
    const node = alternatives ? { ...mergeAlternatives(alternatives), description: json.description, secret: json.secret } : json;
    const spec: PropertySpec = {};
    if (node.description) spec.description = node.description;
    if (node.type === 'object') {
      this.objectType(node, typeName);
      spec.$ref = `#/types/${PACKAGE}:index:${typeName}`;
    } else if (node.type === 'array') {
      spec.type = 'array';
      spec.items = this.property(node.items ?? {}, singular(typeName));
    } else if (node.type === 'integer' || node.type === 'number' || node.type === 'boolean' || node.type === 'string') {
      spec.type = node.type;
    } else {
      spec.type = typeof node.const === 'number' ? 'number' : 'string';
    }
    if (node.enum) spec.description = `${spec.description ? `${spec.description} ` : ''}One of: ${node.enum.join(', ')}.`;
    if (node.secret || extra.secret) spec.secret = true;
    if (extra.replaceOnChanges) spec.replaceOnChanges = true;
    return spec;
  }

  private objectType(json: JsonSchema, typeName: string): void {
    const properties: Record<string, PropertySpec> = {};
    for (const [key, value] of Object.entries(json.properties ?? {})) properties[key] = this.property(value, `${typeName}${capitalize(key)}`);
    this.types[`${PACKAGE}:index:${typeName}`] = {
      type: 'object',
      ...(json.description ? { description: json.description } : {}),
      properties,
      ...(json.required?.length ? { required: json.required } : {}),
    };
  }

  resource(lifecycle: Lifecycle<any>): Record<string, unknown> {
    const inputs = toJsonSchema(lifecycle.schema);
    const outputs = toJsonSchema(lifecycle.outputSchema);
    const inputProperties: Record<string, PropertySpec> = {};
    for (const [key, value] of Object.entries(inputs.properties ?? {})) {
      inputProperties[key] = this.property(value, `${lifecycle.type}${capitalize(key)}`, { replaceOnChanges: lifecycle.replaceOnChanges.includes(key) });
    }
    const properties: Record<string, PropertySpec> = {};
    for (const [key, value] of Object.entries(outputs.properties ?? {})) {
      properties[key] = this.property(value, `${lifecycle.type}${capitalize(key)}`, { replaceOnChanges: lifecycle.replaceOnChanges.includes(key) });
    }
    return {
      description: lifecycle.description,
      properties,
      required: outputs.required ?? [],
      inputProperties,
      requiredInputs: inputs.required ?? [],
    };
  }
}

function singular(name: string): string {
  return name.endsWith('ses') ? name.slice(0, -2) : name.replace(/s$/, '');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The provider config as schema variables, each with its environment fallback. */
function configVariables(): Record<string, PropertySpec> {
  const variables: Record<string, PropertySpec> = {};
  for (const [key, setting] of Object.entries(providerConfigSchema.shape)) {
    const meta = (setting.meta() ?? {}) as { env?: string; secret?: boolean; default?: string };
    const json = toJsonSchema(setting);
    variables[key] = {
      type: 'string',
      description: `${setting.description ?? ''}${json.enum ? ` One of: ${json.enum.join(', ')}.` : ''}`,
      ...(meta.secret ? { secret: true } : {}),
      ...(meta.default !== undefined ? { default: meta.default } : {}),
      ...(meta.env ? { defaultInfo: { environment: [meta.env] } } : {}),
    };
  }
  return variables;
}

export function packageSchema(version: string): Record<string, unknown> {
  const builder = new SchemaBuilder();
  const resources: Record<string, unknown> = {};
  for (const lifecycle of Object.values(LIFECYCLES)) resources[`${PACKAGE}:index:${lifecycle.type}`] = builder.resource(lifecycle);
  const variables = configVariables();
  return {
    name: PACKAGE,
    displayName: 'Orange Branded Calling',
    version,
    description: 'Orange Branded Calling as code: customers, the carriers they reach, and phone numbers registered with a brand name.',
    keywords: ['pulumi', 'orange', 'branded-calling', 'camara', 'category/utility'],
    license: 'Apache-2.0',
    // SDKs as packages of their own (a go.mod for Go, the version in package.json and
    // pyproject.toml), ready to install from the folder `npm run sdks` writes them to.
    meta: { supportPack: true },
    config: { variables },
    provider: {
      description:
        'The Branded Calling provider: the API root and credentials of one account. The provider plugin (pulumi-resource-brandedcalling) ' +
        'reads them from the BRANDED_CALLING_* environment variables of the process that runs pulumi: it is not given these settings.',
      inputProperties: variables,
    },
    resources,
    types: builder.types,
  };
}
