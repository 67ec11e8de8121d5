// pulumi-language-python: a language host that only generates Python SDKs.
//
// Pulumi's own Python host lives in a Go module this machine's module proxy does not
// serve. `pulumi package gen-sdk --language python` needs nothing of it but
// GeneratePackage, which is Pulumi's Python code generator (pkg/v3/codegen/python): this
// host is that, and nothing else. Running Python programs needs Pulumi's own host and a
// Python with the pulumi package; every other call answers "unimplemented".
package main

import (
	"context"

	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"pulumi-branded-calling/toolchain/internal/hostkit"
)

// version is stamped at build time with the Pulumi release whose code generator this is.
var version = "3.0.0-dev"

type host struct {
	hostkit.Base
}

func main() {
	hostkit.Serve("pulumi-language-python", func(srv *grpc.Server, _ string) {
		pulumirpc.RegisterLanguageRuntimeServer(srv, &host{hostkit.Base{Version: version}})
	})
}

func (h *host) GeneratePackage(ctx context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	return hostkit.GeneratePackage(req, func(pkg *schema.Package, loader schema.ReferenceLoader, req *pulumirpc.GeneratePackageRequest) (map[string][]byte, error) {
		return codegen.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
	})
}
