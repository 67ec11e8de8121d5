// pulumi-language-nodejs: a small Node.js language host for the Pulumi CLI.
//
// Pulumi's own host lives in a Go module that this machine's module proxy does not
// serve, so the toolchain builds this one instead. It implements what `pulumi up`,
// `preview`, `refresh`, `destroy` and `import` need from a language host: run the
// program through @pulumi/pulumi's own runner (`@pulumi/pulumi/cmd/run`), with the
// stack's config in the environment exactly as the official host passes it, run
// Node.js provider plugins (`@pulumi/pulumi/cmd/run-plugin`), and generate SDKs
// (`pulumi package gen-sdk`). Everything else answers "unimplemented", which the engine
// treats as "this host does not support it".
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"pulumi-branded-calling/toolchain/internal/hostkit"
)

// version is stamped at build time with the Pulumi release this host was built for.
var version = "3.0.0-dev"

// exitCodeErrorAlreadyReported is what @pulumi/pulumi's runner exits with after it has
// reported the program's error to the engine itself: the engine must not print it again.
const exitCodeErrorAlreadyReported = 32

type host struct {
	hostkit.Base
}

func main() {
	hostkit.Serve("pulumi-language-nodejs", func(srv *grpc.Server, engineAddress string) {
		pulumirpc.RegisterLanguageRuntimeServer(srv, &host{hostkit.Base{Version: version, EngineAddress: engineAddress}})
	})
}

// GeneratePackage writes a Node.js SDK of a package schema (`pulumi package gen-sdk
// --language nodejs`) with Pulumi's own code generator, as the official host does.
func (h *host) GeneratePackage(ctx context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	return hostkit.GeneratePackage(req, func(pkg *schema.Package, loader schema.ReferenceLoader, req *pulumirpc.GeneratePackageRequest) (map[string][]byte, error) {
		return codegen.GeneratePackage("pulumi-language-nodejs", pkg, req.ExtraFiles, req.LocalDependencies, req.Local, loader)
	})
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return hostkit.About(ctx, "node", "--version")
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := req.GetPwd()
	entryPoint := req.GetProgram()
	if info != nil {
		programDir = info.GetProgramDirectory()
		entryPoint = info.GetEntryPoint()
	}
	options := optionsOf(info)

	runner, err := resolveModule(ctx, programDir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := nodeArgs(options)
	args = append(args, runner,
		"--monitor="+req.GetMonitorAddress(),
		"--engine="+h.EngineAddress,
		"--organization="+req.GetOrganization(),
		"--project="+req.GetProject(),
		"--stack="+req.GetStack(),
		"--pwd="+req.GetPwd(),
		"--parallel="+strconv.Itoa(int(req.GetParallel())),
	)
	if info != nil && info.GetRootDirectory() != "" {
		args = append(args, "--root-directory="+info.GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetQueryMode() {
		args = append(args, "--query-mode")
	}
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(boolOption(options, "typescript", true)),
	)
	if tsconfig := stringOption(options, "tsconfig"); tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	if config := req.GetConfigPropertyMap(); config != nil {
		if encoded, err := config.MarshalJSON(); err == nil {
			env = append(env, "PULUMI_CONFIG_PROPERTY_MAP="+string(encoded))
		}
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if status, ok := exitErr.Sys().(syscall.WaitStatus); ok && status.ExitStatus() == exitCodeErrorAlreadyReported {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin starts a provider plugin written in TypeScript or JavaScript (a folder with
// PulumiPlugin.yaml, runtime nodejs) through @pulumi/pulumi's plugin runner.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]) error {
	ctx := server.Context()
	info := req.GetInfo()
	programDir := req.GetPwd()
	if info != nil && info.GetProgramDirectory() != "" {
		programDir = info.GetProgramDirectory()
	}
	runner, err := resolveModule(ctx, programDir, "@pulumi/pulumi/cmd/run-plugin")
	if err != nil {
		return err
	}
	args := nodeArgs(optionsOf(info))
	args = append(args, runner, programDir)
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	cmd.Stdout = &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	}}
	cmd.Stderr = &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	}}
	code := 0
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		code = exitErr.ExitCode()
	}
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}

type streamWriter struct{ send func([]byte) error }

func (w *streamWriter) Write(p []byte) (int, error) {
	chunk := make([]byte, len(p))
	copy(chunk, p)
	if err := w.send(chunk); err != nil {
		return 0, err
	}
	return len(p), nil
}

// resolveModule finds a module the way the program itself would, from its own folder.
func resolveModule(ctx context.Context, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, "node", "-e", "console.log(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not find %s from %s: run `npm install` there first (it needs @pulumi/pulumi)", module, filepath.Clean(dir))
	}
	return strings.TrimSpace(string(out)), nil
}

func optionsOf(info *pulumirpc.ProgramInfo) map[string]any {
	if info == nil || info.GetOptions() == nil {
		return map[string]any{}
	}
	return info.GetOptions().AsMap()
}

func nodeArgs(options map[string]any) []string {
	if s := stringOption(options, "nodeargs"); s != "" {
		return strings.Fields(s)
	}
	return nil
}

func boolOption(options map[string]any, key string, fallback bool) bool {
	if v, ok := options[key].(bool); ok {
		return v
	}
	return fallback
}

func stringOption(options map[string]any, key string) string {
	if v, ok := options[key].(string); ok {
		return v
	}
	return ""
}
