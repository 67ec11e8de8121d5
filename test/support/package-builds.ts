// Builds of the package other than this clone's: an earlier commit's (built from its own
// source, as a user who installed that version has it), and this clone's with its
// internal files moved, as a later refactor would move them. For the upgrade test.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './installed-package';

const run = promisify(execFile);

/** Whether the commit is in this clone (a shallow clone or a source archive lacks it). */
export async function hasCommit(commit: string): Promise<boolean> {
  return run('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: REPO_ROOT }).then(() => true, () => false);
}

/**
 * The package tarball of an earlier commit: its source (git archive), compiled by its
 * own tsconfig with this clone's node_modules (the package's part only: provider and
 * emulator), then packed. Returns the tarball's path.
 */
export async function packCommit(commit: string, workDir: string): Promise<string> {
  const source = path.join(workDir, `source-${commit}`);
  fs.mkdirSync(source, { recursive: true });
  await run('sh', ['-c', `git -C "$1" archive "$2" | tar -x -C "$3"`, 'sh', REPO_ROOT, commit, source]);
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(source, 'node_modules'));
  fs.writeFileSync(path.join(source, 'tsconfig.package.json'), JSON.stringify({ extends: './tsconfig.json', include: ['provider/**/*.ts', 'emulator/**/*.ts'] }));
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.package.json'], { cwd: source });
  return pack(source, workDir);
}

/** Packs a package folder as it is (no prepack build), into `destination`. */
export async function pack(packageDir: string, destination: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', destination], { cwd: packageDir });
  const file = path.join(destination, `${path.basename(packageDir)}.tgz`);
  fs.renameSync(path.join(destination, stdout.trim().split('\n').pop()!), file);
  return file;
}

/** Unpacks a tarball into `dir` (npm's tarballs hold one folder, package/). */
export async function unpack(tarball: string, dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
  return dir;
}

/**
 * Moves folders of an unpacked package to new places, rewriting every relative
 * require/import in its .js and .d.ts files to follow, and the targets of package.json
 * "exports" (whose names stay). `moves` maps old folders to new ones, relative to the
 * package root.
 */
export function moveInternals(packageDir: string, moves: Record<string, string>): void {
  const files = listFiles(packageDir).filter((file) => /\.(js|d\.ts|js\.map)$/.test(file));
  const newPlace = (file: string): string => {
    for (const [from, to] of Object.entries(moves)) {
      const fromDir = path.join(packageDir, from);
      if (file.startsWith(fromDir + path.sep)) return path.join(packageDir, to, path.relative(fromDir, file));
    }
    return file;
  };
  const moduleOf = (file: string) => file.replace(/(\.d\.ts|\.js)$/, '');
  const moved = new Map(files.map((file) => [moduleOf(file), moduleOf(newPlace(file))]));

  for (const file of files.filter((f) => !f.endsWith('.map'))) {
    const target = newPlace(file);
    const text = fs.readFileSync(file, 'utf8').replace(/(require\(|from |import\()(["'])(\.{1,2}\/[^"']*)\2/g, (whole, before, quote, spec) => {
      const oldModule = path.resolve(path.dirname(file), spec);
      const newModule = moved.get(oldModule) ?? moved.get(path.join(oldModule, 'index'));
      if (!newModule) return whole;
      const index = moved.has(oldModule) ? '' : '/index';
      let relative = path.relative(path.dirname(target), index ? path.dirname(newModule) : newModule);
      if (!relative.startsWith('.')) relative = `./${relative}`;
      return `${before}${quote}${relative}${quote}`;
    });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    if (target !== file) fs.rmSync(file);
  }
  for (const file of files.filter((f) => f.endsWith('.map'))) {
    const target = newPlace(file);
    if (target === file) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(file, target);
  }
  for (const from of Object.keys(moves)) fs.rmSync(path.join(packageDir, from), { recursive: true, force: true });

  const manifestFile = path.join(packageDir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const retarget = (value: unknown): unknown => {
    if (typeof value === 'string') {
      for (const [from, to] of Object.entries(moves)) if (value.startsWith(`./${from}/`)) return `./${to}/${value.slice(from.length + 3)}`;
      return value;
    }
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, retarget(v)]));
    return value;
  };
  manifest.exports = retarget(manifest.exports);
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? (entry.name === 'node_modules' ? [] : listFiles(full)) : [full];
  });
}

/** npm install in a program folder, as a user installs a tarball or a version. */
export async function npmInstall(programDir: string, specs: string[]): Promise<void> {
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', ...specs], { cwd: programDir });
}
