#!/usr/bin/env node
// npm run sdks: the package's SDKs for Node.js, Python and Go, generated from schema.json
// by Pulumi's own code generators (`pulumi package gen-sdk`), into sdks/<language>
// (gitignored: generated, never committed). For programs in those languages that use
// the provider plugin (see the README).
//
//   node scripts/sdks.js [--out DIR] [LANGUAGE...]     default: sdks/, nodejs python go
//
// Needs the language hosts' code generators: scripts/language-hosts.js builds this
// project's hosts the first time (or uses an official Pulumi's own).
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ToolchainError } = require('./toolchain.js');
const { ensureLanguageHosts } = require('./language-hosts.js');

const REPO_ROOT = path.resolve(__dirname, '..');
const LANGUAGES = ['nodejs', 'python', 'go'];

function log(message) {
  process.stderr.write(`[sdks] ${message}\n`);
}

function parseArgs(argv) {
  let out = path.join(REPO_ROOT, 'sdks');
  const languages = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i] ?? '');
    else if (argv[i].startsWith('--out=')) out = path.resolve(argv[i].slice('--out='.length));
    else if (LANGUAGES.includes(argv[i])) languages.push(argv[i]);
    else throw new ToolchainError(`unknown argument "${argv[i]}": use [--out DIR] [${LANGUAGES.join(' ')}]`);
  }
  return { out, languages: languages.length > 0 ? languages : LANGUAGES };
}

/** Generates each language's SDK into out/<language>; returns the folders written. */
async function generateSdks({ out, languages, env = process.env }) {
  const toolEnv = await ensureLanguageHosts(languages, env);
  const runEnv = { ...toolEnv, PULUMI_SKIP_UPDATE_CHECK: 'true', PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true', NO_COLOR: '1' };
  fs.mkdirSync(out, { recursive: true });
  const written = [];
  for (const language of languages) {
    const result = childProcess.spawnSync(
      'pulumi',
      ['package', 'gen-sdk', path.join(REPO_ROOT, 'schema.json'), '--language', language, '--out', out, '--non-interactive'],
      { cwd: REPO_ROOT, env: runEnv, encoding: 'utf8' },
    );
    if (result.error) throw new ToolchainError(`pulumi: ${result.error.message}`);
    if (result.status !== 0) throw new ToolchainError(`pulumi package gen-sdk --language ${language} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
    written.push(path.join(out, language));
    log(`${language}: ${path.relative(process.cwd(), path.join(out, language)) || '.'}`);
  }
  return written;
}

if (require.main === module) {
  generateSdks(parseArgs(process.argv.slice(2))).catch((error) => {
    log(error instanceof ToolchainError ? error.message : error.stack);
    process.exit(1);
  });
}

module.exports = { generateSdks, LANGUAGES };
