#!/usr/bin/env node
'use strict';
// Entry point of the package's command; each subcommand lives in dist/.
const path = require('node:path');
const fs = require('node:fs');

const USAGE = `Usage: pulumi-branded-calling <command> [options]

Commands:
  validate    check branding manifests (YAML) before a pull request: validate <file>...
  emulator    run the local Branded Calling API emulator (see: emulator --help)
  discover    list what an account holds and write a manifest or program adopting it
              (see: discover --help)
`;

const COMMANDS = {
  validate: path.join(__dirname, '..', 'dist', 'provider', 'manifest', 'cli.js'),
  emulator: path.join(__dirname, '..', 'dist', 'emulator', 'cli.js'),
  discover: path.join(__dirname, '..', 'dist', 'provider', 'discover', 'cli.js'),
};

function run(modulePath, args) {
  if (!fs.existsSync(modulePath)) {
    process.stderr.write(`pulumi-branded-calling: ${path.relative(process.cwd(), modulePath)} is missing; build the package first (npm run build).\n`);
    process.exit(1);
  }
  require(modulePath)
    .main(args)
    .then(
      (code) => process.exit(code),
      (error) => {
        process.stderr.write(`pulumi-branded-calling: ${error && error.message ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
}

const [command, ...args] = process.argv.slice(2);
if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
  process.stdout.write(USAGE);
  process.exit(command === undefined ? 2 : 0);
} else if (Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
  run(COMMANDS[command], args);
} else {
  process.stderr.write(`pulumi-branded-calling: unknown command "${command}"\n\n${USAGE}`);
  process.exit(2);
}
