// pulumi-language-go: a small Go language host for the Pulumi CLI.
//
// Pulumi's own Go host lives in a Go module this machine's module proxy does not serve,
// so the toolchain builds this one (scripts/language-hosts.js). It does what `pulumi up`,
// `preview`, `refresh` and `destroy` need from a Go host: build the program with `go
// build` and run it with the engine's settings in the environment, the variables
// github.com/pulumi/pulumi/sdk/v3/go/pulumi reads. It also generates Go SDKs (`pulumi
// package gen-sdk --language go`) with Pulumi's own code generator. The project's
// runtime option `binary` runs a program built beforehand instead. Everything else
// answers "unimplemented", which the engine treats as "this host does not support it".
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

	codegen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"pulumi-branded-calling/toolchain/internal/hostkit"
)

// version is stamped at build time with the Pulumi release this host was built for.
var version = "3.0.0-dev"

// exitCodeErrorAlreadyReported is what a Go program's pulumi.Run exits with after it has
// reported its error to the engine itself: the engine must not print it again.
const exitCodeErrorAlreadyReported = 32

type host struct {
	hostkit.Base
}

func main() {
	hostkit.Serve("pulumi-language-go", func(srv *grpc.Server, engineAddress string) {
		pulumirpc.RegisterLanguageRuntimeServer(srv, &host{hostkit.Base{Version: version, EngineAddress: engineAddress}})
	})
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return hostkit.About(ctx, "go", "env", "GOVERSION")
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir, entryPoint := req.GetPwd(), "."
	if info != nil {
		programDir, entryPoint = info.GetProgramDirectory(), info.GetEntryPoint()
	}
	options := map[string]any{}
	if info != nil && info.GetOptions() != nil {
		options = info.GetOptions().AsMap()
	}

	program, cleanup, err := buildProgram(ctx, programDir, entryPoint, options)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	defer cleanup()

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
		"PULUMI_MONITOR="+req.GetMonitorAddress(),
		"PULUMI_ENGINE="+h.EngineAddress,
		"PULUMI_ORGANIZATION="+req.GetOrganization(),
		"PULUMI_PROJECT="+req.GetProject(),
		"PULUMI_STACK="+req.GetStack(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PULUMI_DRY_RUN="+strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL="+strconv.Itoa(int(req.GetParallel())),
	)
	if info != nil && info.GetRootDirectory() != "" {
		env = append(env, "PULUMI_ROOT_DIRECTORY="+info.GetRootDirectory())
	}

	cmd := exec.CommandContext(ctx, program, req.GetArgs()...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitCodeErrorAlreadyReported {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the program: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// buildProgram returns the program's executable: the `binary` option's, or one built
// now with `go build` into a temporary folder (removed by cleanup).
func buildProgram(ctx context.Context, programDir, entryPoint string, options map[string]any) (string, func(), error) {
	if binary, ok := options["binary"].(string); ok && binary != "" {
		if !filepath.IsAbs(binary) {
			binary = filepath.Join(programDir, binary)
		}
		return binary, func() {}, nil
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", nil, errors.New("go was not found on PATH: install Go to run this Go program")
	}
	dir, err := os.MkdirTemp("", "pulumi-go-program-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	program := filepath.Join(dir, "program")
	if entryPoint == "" {
		entryPoint = "."
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", program, entryPoint)
	cmd.Dir = programDir
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("go build of the program in %s failed: %w", programDir, err)
	}
	return program, cleanup, nil
}

// GeneratePackage writes a Go SDK of a package schema (`pulumi package gen-sdk
// --language go`) with Pulumi's own code generator, as the official host does.
func (h *host) GeneratePackage(ctx context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	if len(req.GetExtraFiles()) > 0 {
		return nil, errors.New("overlays are not supported for Go")
	}
	return hostkit.GeneratePackage(req, func(pkg *schema.Package, _ schema.ReferenceLoader, req *pulumirpc.GeneratePackageRequest) (map[string][]byte, error) {
		return codegen.GeneratePackage("pulumi-language-go", pkg, req.GetLocalDependencies())
	})
}
