// schema.json against the zod schemas it is derived from: the committed file must be what
// the schemas say, and each property's type, requiredness, secretness and
// replace-on-change is checked against zod directly, not only through the generator.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { providerConfigSchema } from '../../provider/config';
import { LIFECYCLES } from '../../provider/binding';
import { packageSchema } from '../../provider/schema';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const committed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema.json'), 'utf8'));

function zodKind(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { type?: string; oneOf?: unknown };
  return json.oneOf ? 'object' : json.type ?? 'unknown';
}

function specKind(spec: { type?: string; $ref?: string }): string {
  return spec.$ref ? 'object' : spec.type ?? 'unknown';
}

describe('schema.json', () => {
  it('is what the zod schemas say (run `npm run schema` after changing a resource)', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(committed, packageSchema(version));
  });

  for (const lifecycle of Object.values(LIFECYCLES)) {
    it(`agrees with ${lifecycle.type}'s zod schema on every input`, () => {
      const resource = committed.resources[`brandedcalling:index:${lifecycle.type}`];
      const shape = (lifecycle.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      assert.deepEqual(Object.keys(resource.inputProperties).sort(), Object.keys(shape).sort());
      for (const [key, field] of Object.entries(shape)) {
        const spec = resource.inputProperties[key];
        assert.equal(resource.requiredInputs.includes(key), !field.safeParse(undefined).success, `${lifecycle.type}.${key} requiredness`);
        assert.equal(spec.secret === true, (field.meta() as { secret?: boolean } | undefined)?.secret === true, `${lifecycle.type}.${key} secretness`);
        assert.equal(spec.replaceOnChanges === true, lifecycle.replaceOnChanges.includes(key), `${lifecycle.type}.${key} replaceOnChanges`);
        assert.equal(specKind(spec), zodKind(field), `${lifecycle.type}.${key} type`);
      }
      const outputs = (lifecycle.outputSchema as z.ZodObject).shape as Record<string, z.ZodType>;
      assert.deepEqual(Object.keys(resource.properties).sort(), Object.keys(outputs).sort());
    });
  }

  it('lists every provider setting, with its secretness and environment variable', () => {
    for (const [key, field] of Object.entries(providerConfigSchema.shape)) {
      const variable = committed.config.variables[key];
      const meta = field.meta() as { env: string; secret?: boolean };
      assert.equal(variable.secret === true, meta.secret === true, `${key} secretness`);
      assert.deepEqual(variable.defaultInfo.environment, [meta.env]);
    }
    assert.equal(committed.config.variables.clientSecret.secret, true);
    assert.equal(committed.config.variables.authorizationHeader.secret, true);
  });

  it('marks the write-only sink credential secret and keeps it out of the outputs', () => {
    const registration = committed.resources['brandedcalling:index:Registration'];
    assert.equal(registration.inputProperties.sinkCredential.secret, true);
    assert.equal('sinkCredential' in registration.properties, false);
  });
});
