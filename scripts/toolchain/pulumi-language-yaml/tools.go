//go:build tools

// Keeps the YAML language host's main package in this module's dependency graph.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
