#!/usr/bin/env node
// Pulumi language hosts beyond running Node.js programs, built only when a test, an
// example or a script needs them (never by `npm test`'s start):
//   yaml    Pulumi's own YAML host, github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
//           at package.json's "toolchain.pulumiYaml", through the wrapper module
//           scripts/toolchain/pulumi-language-yaml (go.mod + go.sum pin every dependency)
//   go      this project's Go host (scripts/toolchain/pulumi-language-go): runs Go
//           programs, generates Go SDKs
//   python  this project's Python host: generates Python SDKs only
//   nodejs  this project's Node.js host, as scripts/toolchain.js builds it, rebuilt when
//           its source changed since (it generates Node.js SDKs since it has GeneratePackage)
// Pulumi's own Go, Python and Node.js hosts are Go modules this machine's proxy does not
// serve; ours are built from the wrapper module scripts/toolchain (Pulumi's pkg/v3 at the
// lockfile's version, whose code generators they call).
//
//   node scripts/language-hosts.js yaml go      set up, then print where each host is
//
// Like scripts/toolchain.js it runs on any Node.js with nothing installed, and caches
// what it builds outside the clone, one folder per version (the same cache root):
//   <cache root>/pulumi-language-yaml-v<version>/bin/pulumi-language-yaml
//   <cache root>/pulumi-language-go-v<pulumi version>-<hash of its sources>/bin/pulumi-language-go
// The engine looks for a language host beside the pulumi it runs, and warns ("using
// pulumi-language-yaml from $PATH") when it finds one elsewhere: so a host is also linked
// (hard link, else copied) into the toolchain's own pulumi folder. A pulumi from PATH that
// already has the host beside it (an official install) is used as it is.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const {
  ToolchainError,
  cacheRoot,
  cachePaths,
  ensureToolchain,
  isExecutable,
  moveIntoPlace,
  readPins,
  seconds,
  stagingDir,
  which,
} = require('./toolchain.js');

const REPO_ROOT = path.resolve(__dirname, '..');
const GO_SOURCE_DIR = path.join(__dirname, 'toolchain');

function log(message) {
  process.stderr.write(`[language-hosts] ${message}\n`);
}

/** A short digest of files (relative paths and contents), to tell a changed source. */
function sourceHash(files) {
  const hash = crypto.createHash('sha256');
  for (const file of files.sort()) hash.update(`${path.relative(GO_SOURCE_DIR, file)}\0${fs.readFileSync(file)}\0`);
  return hash.digest('hex').slice(0, 12);
}

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** One of this project's hosts, built in the main wrapper module at the lockfile's Pulumi. */
function ownHost(language, pulumi) {
  const sources = [
    ...filesUnder(path.join(GO_SOURCE_DIR, `pulumi-language-${language}`)),
    ...filesUnder(path.join(GO_SOURCE_DIR, 'internal')),
    path.join(GO_SOURCE_DIR, 'go.mod'),
    path.join(GO_SOURCE_DIR, 'go.sum'),
  ];
  return {
    version: pulumi,
    cacheName: `pulumi-language-${language}-v${pulumi}-${sourceHash(sources)}`,
    moduleDir: GO_SOURCE_DIR,
    requires: `github.com/pulumi/pulumi/pkg/v3 v${pulumi}`,
    target: `./pulumi-language-${language}`,
    ldflags: `-s -w -X main.version=${pulumi}`,
    hint: ': about a minute once Pulumi itself was built',
  };
}

/** What each host is built from, for the pinned versions. */
function hostSpecs(root = REPO_ROOT) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const yaml = pkg.toolchain && pkg.toolchain.pulumiYaml;
  if (!/^\d+\.\d+\.\d+$/.test(String(yaml))) throw new ToolchainError('package.json has no exact "toolchain.pulumiYaml" version');
  const { pulumi } = readPins(root);
  return {
    nodejs: ownHost('nodejs', pulumi),
    go: ownHost('go', pulumi),
    python: ownHost('python', pulumi),
    yaml: {
      version: yaml,
      cacheName: `pulumi-language-yaml-v${yaml}`,
      moduleDir: path.join(GO_SOURCE_DIR, 'pulumi-language-yaml'),
      requires: `github.com/pulumi/pulumi-yaml v${yaml}`,
      target: 'github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml',
      ldflags: `-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v${yaml}`,
      hint: ': the first time about 5-10 minutes on 2 cores',
    },
  };
}

/**
 * Where a host comes from, without changing anything:
 *   'beside' (already beside the pulumi in use) | 'cache' (built; to be linked) | 'build'
 * `pulumiBin` is the folder of the pulumi in use; `ownsPulumi`, whether it is the
 * toolchain's own (its cache folder, which it may write to) rather than an install of
 * Pulumi's own (whose hosts are its business, and whose folder is not ours).
 */
function planLanguageHost({ language, spec, root, pulumiBin, ownsPulumi, exists = isExecutable }) {
  const file = `pulumi-language-${language}`;
  const built = path.join(root, spec.cacheName, 'bin', file);
  const beside = path.join(pulumiBin, file);
  if (!ownsPulumi) {
    if (exists(beside)) return { source: 'beside', file: beside };
    return { source: exists(built) ? 'cache' : 'build', file: built, link: undefined };
  }
  if (exists(beside) && exists(built) && sameFile(beside, built)) return { source: 'beside', file: beside };
  return { source: exists(built) ? 'cache' : 'build', file: built, link: beside };
}

function sameFile(a, b) {
  try {
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    return (x.dev === y.dev && x.ino === y.ino) || (x.size === y.size && fs.readFileSync(a).equals(fs.readFileSync(b)));
  } catch {
    return false;
  }
}

async function buildHost(language, spec, root, env) {
  const go = which('go', env.PATH);
  if (!go) {
    throw new ToolchainError(`pulumi-language-${language} is not built yet and Go is not on PATH to build it: install Go >= 1.26 (https://go.dev/dl/) and run this again`);
  }
  const goMod = fs.readFileSync(path.join(spec.moduleDir, 'go.mod'), 'utf8');
  if (!goMod.includes(spec.requires)) {
    throw new ToolchainError(`${path.relative(REPO_ROOT, spec.moduleDir)}/go.mod does not require ${spec.requires}: update it (go get, go mod tidy) to the pinned version`);
  }
  const started = Date.now();
  const finalDir = path.join(root, spec.cacheName);
  const staging = stagingDir(finalDir);
  const logFile = path.join(staging, 'go-build.log');
  log(`go build pulumi-language-${language}${spec.hint || ''} (log: ${logFile})`);
  try {
    const work = path.join(staging, 'src');
    fs.cpSync(spec.moduleDir, work, { recursive: true });
    const bin = path.join(staging, 'bin');
    fs.mkdirSync(bin);
    const ticker = setInterval(() => log(`  pulumi-language-${language}: building, ${seconds(started)}`), 30_000);
    try {
      await runAsync(go, ['build', '-v', '-trimpath', '-o', path.join(bin, `pulumi-language-${language}`), '-ldflags', spec.ldflags, spec.target], {
        cwd: work,
        env: { ...env, GOFLAGS: '-mod=readonly', CGO_ENABLED: '0', GOWORK: 'off' },
        logFile,
      });
    } finally {
      clearInterval(ticker);
    }
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(logFile);
    moveIntoPlace(staging, finalDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`pulumi-language-${language} ready in ${seconds(started)} (${path.join(finalDir, 'bin')})`);
}

/** Like run(), without blocking the event loop (a test's timers keep running), output to a log. */
function runAsync(file, args, { cwd, env, logFile }) {
  const childProcess = require('node:child_process');
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'w');
    const child = childProcess.spawn(file, args, { cwd, env, stdio: ['ignore', out, out] });
    child.on('error', (error) => reject(new ToolchainError(`${file}: ${error.message}`)));
    child.on('close', (code) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
      reject(new ToolchainError(`${path.basename(file)} ${args.slice(0, 2).join(' ')} ... failed (exit ${code}):\n${tail}`));
    });
  });
}

/**
 * Links (else copies) a built host beside the toolchain's pulumi, replacing any there in
 * one rename: a pulumi starting meanwhile finds the old host or the new, never none.
 */
function placeBeside(file, link) {
  const temporary = `${link}.${process.pid}.tmp`;
  fs.rmSync(temporary, { force: true });
  try {
    fs.linkSync(file, temporary);
  } catch {
    fs.copyFileSync(file, temporary);
    fs.chmodSync(temporary, 0o755);
  }
  fs.renameSync(temporary, link);
}

/**
 * Makes sure the hosts of these languages are there, and returns the toolchain's
 * environment with every host's folder on PATH (the pulumi folder first).
 */
async function ensureLanguageHosts(languages, env = process.env) {
  const { plan, pins, env: toolchainEnv } = await ensureToolchain(env);
  const specs = hostSpecs();
  const root = cacheRoot(env);
  // Under `toolchain.js exec` the toolchain's pulumi is on PATH: still the toolchain's own.
  const pulumiBin = fs.realpathSync(plan.pulumi.bin);
  const ownsPulumi = pulumiBin === path.resolve(cachePaths(root, pins).pulumiBin);
  const dirs = [];
  for (const language of languages) {
    const spec = specs[language];
    if (!spec) throw new ToolchainError(`no language host "${language}" is set up here: use ${Object.keys(specs).join(', ')}`);
    const decision = planLanguageHost({ language, spec, root, pulumiBin, ownsPulumi });
    if (decision.source === 'build') await buildHost(language, spec, root, toolchainEnv);
    if (decision.source !== 'beside' && decision.link) placeBeside(decision.file, decision.link);
    dirs.push(path.dirname(decision.source === 'beside' ? decision.file : decision.link || decision.file));
  }
  const pathValue = [...new Set([...dirs, ...String(toolchainEnv.PATH || '').split(path.delimiter)])].join(path.delimiter);
  return { ...toolchainEnv, PATH: pathValue };
}

async function main(argv) {
  const languages = argv.length > 0 ? argv : Object.keys(hostSpecs());
  const env = await ensureLanguageHosts(languages);
  for (const language of languages) {
    const file = which(`pulumi-language-${language}`, env.PATH);
    console.log(`pulumi-language-${language}  ${file}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    log(error instanceof ToolchainError ? error.message : error.stack);
    process.exit(1);
  });
}

module.exports = { planLanguageHost, ensureLanguageHosts, hostSpecs };
