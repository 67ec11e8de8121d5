// npm run schema: writes schema.json from the resources' zod schemas (provider/schema.ts).
// A test fails while the committed file and the schemas disagree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageSchema } from '../provider/schema';

const REPO_ROOT = path.resolve(__dirname, '../..');
const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
fs.writeFileSync(path.join(REPO_ROOT, 'schema.json'), `${JSON.stringify(packageSchema(version), null, 2)}\n`);
console.log('wrote schema.json');
