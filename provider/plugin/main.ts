// The plugin's process: bin/pulumi-resource-brandedcalling runs main(args), which serves
// the provider over gRPC with @pulumi/pulumi's provider.main and prints its port for the
// engine. Its schema is the package's schema.json; its version, the package's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pulumiProvider from '@pulumi/pulumi/provider';
import { engineAddressOf, engineLog } from '../binding';
import { createPluginProvider, environmentBinding, PluginProvider } from './provider';

/** The package's own files, wherever it is installed (its name resolves to itself). */
function packageFile(name: string): string {
  return path.join(path.dirname(require.resolve('pulumi-branded-calling/package.json')), name);
}

export async function main(args: string[]): Promise<void> {
  const { version } = JSON.parse(fs.readFileSync(packageFile('package.json'), 'utf8'));
  const provider = createPluginProvider({
    version,
    schema: async () => fs.readFileSync(packageFile('schema.json'), 'utf8'),
    binding: environmentBinding(engineLog(() => engineAddressOf(args))),
  });
  answerDiffsInDetail(provider);
  await pulumiProvider.main(provider, args);
}

/**
 * @pulumi/pulumi's provider server (3.276) answers Diff with changes and replacements
 * only: its DiffResult has no place for the fields that changed. This plugin answers
 * Diff itself, with the changed fields and a detailed diff (so `preview --diff` lists
 * exactly the fields the lifecycle compares), and leaves every other call to the server.
 * The server registers its methods through grpc-js's addService, the one place to
 * intercept that does not copy the server.
 */
function answerDiffsInDetail(provider: PluginProvider): void {
  const pulumiDir = path.dirname(require.resolve('@pulumi/pulumi'));
  const grpc = require(require.resolve('@grpc/grpc-js', { paths: [pulumiDir] }));
  const services = require('@pulumi/pulumi/proto/provider_grpc_pb');
  const messages = require('@pulumi/pulumi/proto/provider_pb');
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, implementation: object) {
    if (service !== services.ResourceProviderService) return addService.call(this, service, implementation);
    const diff = async (call: { request: any }, callback: (error: unknown, response?: unknown) => void) => {
      try {
        const request = call.request;
        const result = await provider.diff(
          request.getId(),
          request.getUrn(),
          request.getOlds()?.toJavaScript() ?? {},
          request.getNews()?.toJavaScript() ?? {},
          request.getOldInputs()?.toJavaScript(),
        );
        const response = new messages.DiffResponse();
        response.setChanges(result.changes ? messages.DiffResponse.DiffChanges.DIFF_SOME : messages.DiffResponse.DiffChanges.DIFF_NONE);
        response.setReplacesList(result.replaces);
        response.setDeletebeforereplace(result.deleteBeforeReplace);
        response.setDiffsList(result.changedKeys);
        const detailed = response.getDetaileddiffMap();
        for (const [field, kind] of Object.entries(result.detailedDiff)) {
          const change = new messages.PropertyDiff();
          change.setKind(kind);
          change.setInputdiff(true);
          detailed.set(field, change);
        }
        response.setHasdetaileddiff(true);
        callback(undefined, response);
      } catch (error) {
        callback(error);
      }
    };
    return addService.call(this, service, Object.create(implementation, { diff: { value: diff } }));
  };
}
