#!/usr/bin/env node
// actionlint, the GitHub Actions workflow linter, at the version package.json pins
// ("toolchain.actionlint"), for the workflows of the pipeline recipe.
//
//   node scripts/actionlint.js              lint the workflows of every example with a .github
//                                           folder, each as the repository a user copies it into
//   node scripts/actionlint.js ARGS...      run actionlint with these arguments
//
// Like scripts/toolchain.js it runs on any Node.js with nothing installed, and caches
// what it builds outside the clone, one folder per version (the same cache root):
//   <cache root>/actionlint-v<version>/bin/actionlint
// An actionlint already on PATH at the pinned version is used as it is; otherwise it is
// built with Go from its module (`go install github.com/rhysd/actionlint/cmd/actionlint@v<version>`),
// which needs only Go and the Go module proxy. Exits with actionlint's own code:
// 0 no finding, 1 findings, 2 bad arguments, 3 a fatal error.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const childProcess = require('node:child_process');
const {
  ToolchainError,
  cacheRoot,
  isExecutable,
  moveIntoPlace,
  probeVersion,
  run,
  seconds,
  stagingDir,
  which,
} = require('./toolchain.js');

const REPO_ROOT = path.resolve(__dirname, '..');
const ACTIONLINT_PACKAGE = 'github.com/rhysd/actionlint/cmd/actionlint';

function log(message) {
  process.stderr.write(`[actionlint] ${message}\n`);
}

/** The pinned version, from package.json's "toolchain.actionlint". */
function readActionlintPin(root = REPO_ROOT) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const version = pkg.toolchain && pkg.toolchain.actionlint;
  if (!/^\d+\.\d+\.\d+$/.test(String(version))) {
    throw new ToolchainError('package.json has no exact "toolchain.actionlint" version');
  }
  return version;
}

function actionlintCacheDir(root, version) {
  return path.join(root, `actionlint-v${version}`);
}

/** `actionlint -version` prints "1.7.12" from a release, "v1.7.12" when built with go install. */
function versionOf(output) {
  return String(output || '').trim().replace(/^v/, '');
}

/**
 * Where actionlint comes from, without changing anything:
 *   'path' (the pinned version on PATH) | 'cache' | 'build' (with Go, into the cache)
 */
function planActionlint({ env, version, cacheDir, exists = isExecutable, probe = probeVersion }) {
  const notes = [];
  const onPath = which('actionlint', env.PATH);
  if (onPath) {
    const found = versionOf(probe(onPath, ['-version']));
    if (found === version) return { source: 'path', file: onPath, notes };
    notes.push(`actionlint on PATH is ${found || 'not runnable'}, not ${version}: using the cached one`);
  }
  const cached = path.join(cacheDir, 'bin', 'actionlint');
  return { source: exists(cached) ? 'cache' : 'build', file: cached, notes };
}

function buildActionlint(version, cacheDir, env) {
  const go = which('go', env.PATH);
  if (!go) {
    throw new ToolchainError(
      `actionlint ${version} is not on PATH and Go is not on PATH to build it: install Go (https://go.dev/dl/) and run this again`,
    );
  }
  const started = Date.now();
  log(`building actionlint ${version} with go install (about a minute the first time)...`);
  const staging = stagingDir(cacheDir);
  try {
    // `go install module@version` builds in module mode from the module's own go.mod and
    // go.sum, whatever the current folder holds, and records the version in the binary.
    run(go, ['install', '-trimpath', '-ldflags', '-s -w', `${ACTIONLINT_PACKAGE}@v${version}`], {
      cwd: staging,
      env: { ...env, GOBIN: path.join(staging, 'bin'), CGO_ENABLED: '0', GOWORK: 'off' },
    });
    const got = versionOf(probeVersion(path.join(staging, 'bin', 'actionlint'), ['-version']));
    if (got !== version) throw new ToolchainError(`the built actionlint reports "${got}", expected ${version}`);
    moveIntoPlace(staging, cacheDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`actionlint ${version} ready in ${seconds(started)} (${path.join(cacheDir, 'bin')})`);
}

/** The path of the pinned actionlint, built first when needed. */
function ensureActionlint(env = process.env) {
  const version = readActionlintPin();
  const cacheDir = actionlintCacheDir(cacheRoot(env), version);
  const plan = planActionlint({ env, version, cacheDir });
  for (const note of plan.notes) log(note);
  if (plan.source === 'build') buildActionlint(version, cacheDir, env);
  return plan.file;
}

/** The examples that hold a .github folder of workflows (the pipeline recipe). */
function workflowExamples(root = REPO_ROOT) {
  return fs
    .readdirSync(path.join(root, 'examples'))
    .sort()
    .filter((name) => fs.existsSync(path.join(root, 'examples', name, '.github', 'workflows')));
}

/**
 * Lints an example's .github folder as the repository a user copies it into: actionlint
 * resolves local actions (uses: ./.github/actions/...) and its config only from a project
 * root, a folder with both .github/workflows and .git. A temporary folder with a link to
 * the example's .github and a .git marker is that root; paths in findings are put back.
 */
function lintExample(file, name, root = REPO_ROOT) {
  const github = path.join(root, 'examples', name, '.github');
  const workflows = fs.readdirSync(path.join(github, 'workflows')).filter((f) => /\.ya?ml$/.test(f)).sort();
  const where = `examples/${name}/.github`;
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-actionlint-'));
  try {
    fs.symlinkSync(github, path.join(project, '.github'));
    fs.writeFileSync(path.join(project, '.git'), '');
    const result = childProcess.spawnSync(file, ['-no-color', ...workflows.map((f) => `.github/workflows/${f}`)], {
      cwd: project,
      encoding: 'utf8',
    });
    if (result.error) throw new ToolchainError(`${file}: ${result.error.message}`);
    process.stdout.write(`${result.stdout}${result.stderr}`.replace(/^\.github\//gm, `${where}/`));
    const status = result.status === null ? 3 : result.status;
    log(`${where}: ${workflows.map((f) => `workflows/${f}`).join(', ')}: ${status === 0 ? 'no finding' : `exit ${status}`}`);
    return status;
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}

function main(argv) {
  const file = ensureActionlint();
  if (argv.length > 0) {
    const result = childProcess.spawnSync(file, argv, { stdio: 'inherit' });
    if (result.error) throw new ToolchainError(`${file}: ${result.error.message}`);
    process.exit(result.status === null ? 3 : result.status);
  }
  const examples = workflowExamples();
  if (examples.length === 0) throw new ToolchainError('no workflow under examples/*/.github/workflows');
  process.exit(Math.max(...examples.map((name) => lintExample(file, name))));
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    log(error instanceof ToolchainError ? error.message : error.stack);
    process.exit(3);
  }
}

module.exports = { planActionlint, ensureActionlint, readActionlintPin, actionlintCacheDir, workflowExamples };
