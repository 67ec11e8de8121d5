package hostkit

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Base answers the LanguageRuntime calls every host here answers alike; a host embeds
// it and adds what is its own (Run, GeneratePackage, About, ...). Anything else is
// "unimplemented".
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	// Version is the Pulumi release the host was built for (stamped at build time).
	Version string
	// EngineAddress is the engine's, from the command line or the handshake.
	EngineAddress string
}

func (b *Base) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	b.EngineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (b *Base) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: b.Version}, nil
}

// Programs declare no plugins up front: the engine finds the dynamic provider, and any
// provider plugin (a project's `plugins:` entries included), when a resource first needs it.
func (b *Base) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (b *Base) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (b *Base) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// Dependencies are the project's own business (npm scripts, go.mod), never the engine's.
func (b *Base) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	return nil
}

// About names a tool found on PATH and the version it prints (e.g. node --version).
func About(ctx context.Context, tool string, versionArgs ...string) (*pulumirpc.AboutResponse, error) {
	executable, err := exec.LookPath(tool)
	if err != nil {
		return nil, errors.New(tool + " was not found on PATH")
	}
	out, err := exec.CommandContext(ctx, executable, versionArgs...).Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", tool, strings.Join(versionArgs, " "), err)
	}
	return &pulumirpc.AboutResponse{Executable: executable, Version: strings.TrimSpace(string(out))}, nil
}
