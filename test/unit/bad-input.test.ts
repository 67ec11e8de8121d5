// Bad input at volume (property-based, fast-check): for each resource, generated invalid
// values of every kind are refused by check, each failure naming the property it is
// about; generated valid inputs pass. Check runs through the dynamic binding the engine
// calls, configured with a started emulator's root and credentials, and the emulator
// must see no request at all. The emulator's own tables (countries, enums, known keys)
// are the oracle: they are an independent reading of the contract.
//
// Runs are reproducible: a fixed seed (BRANDED_CALLING_PROPERTY_SEED overrides it), and
// a failure prints the seed, the path and the smallest counterexample fast-check found.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { startEmulator, RunningEmulator } from '../../emulator';
import { COUNTRY_CODES } from '../../emulator/countries';
import { CALL_PURPOSES, customerBodySchema, registrationBodySchemaV02, VERIFY_CALLER_ACTIONS } from '../../emulator/schemas';
import type { ObjectSchema } from '../../emulator/validation';
import * as runtime from '../../provider/dynamic/runtime';
import { UNKNOWN } from '../../provider/lifecycle';
import { totalRequests } from '../support/emulator-api';

const SEED = Number(process.env.BRANDED_CALLING_PROPERTY_SEED ?? 20_260_707);
const RUNS = 200;
const run = (property: fc.IAsyncProperty<any>) => fc.assert(property, { seed: SEED, numRuns: RUNS });

type Kind = runtime.Kind;
type Props = Record<string, unknown>;
type Path = (string | number)[];

/** A bad value, where it goes, and the property check must name. */
interface Bad {
  path: Path;
  /** REMOVE deletes the key instead. */
  value: unknown;
  /** Default: the path, written as check writes it ("company.address.city", "carrierCodes[1]"). */
  property?: string;
  /** Registration: goes into a v0.2 input (the v0.2 fields), or a v0.1 one. */
  version?: 'v0.1' | 'v0.2';
  /** What the reason must say beside the property. */
  says?: RegExp;
  /** The bad input leaves the property out (else it must not be called missing). */
  missing?: boolean;
}
const REMOVE = Symbol('remove');

function written(path: Path): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

// ---------------------------------------------------------------- building blocks

const digitChar = fc.constantFrom(...'0123456789');
const digits = (min: number, max: number) => fc.string({ unit: digitChar, minLength: min, maxLength: max });
const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');

/** Any Unicode scalar value (no lone surrogate halves): counted as one code point. */
const codePoint = fc.oneof(fc.integer({ min: 0, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff })).map((cp) => String.fromCodePoint(cp));
const textOf = (min: number, max: number) => fc.array(codePoint, { minLength: min, maxLength: max }).map((cps) => cps.join(''));
const codePoints = (text: string) => [...text].length;

const EMOJI = ['😀', '🇫🇷', '👍🏽', '👨‍👩‍👧', '🏳️‍🌈', '❤️'];
const COMBINING = ['\u0301', '\u0308', '\u0327', '\u20dd', '\u0e49'];

/** Valid text of at most n code points, the limit itself included, in any script. */
function validText(n: number): fc.Arbitrary<string> {
  return fc.oneof(
    textOf(1, Math.min(n, 40)),
    padded(n, 0), // exactly n
    fc.string({ unit: fc.constantFrom(...EMOJI), minLength: 1, maxLength: Math.min(n, 40) }).filter((s) => codePoints(s) <= n),
    fc.constantFrom('😀', '𝔸', '𠀀').map((c) => c.repeat(n)), // n code points, 2n UTF-16 units
  );
}

/** n + extra code points: varied text, then one code point repeated (cheap for n = 4096). */
function padded(n: number, maxExtra: number): fc.Arbitrary<string> {
  return fc
    .tuple(textOf(1, Math.min(n, 20)), codePoint, fc.integer({ min: 0, max: maxExtra }))
    .map(([head, fill, extra]) => head + fill.repeat(Math.max(0, n + extra - codePoints(head))))
    .filter((s) => codePoints(s) >= n);
}

/** Text over n code points: plain, emoji, combining marks and ZWJ sequences (fewer graphemes than code points). */
function textOver(n: number): fc.Arbitrary<string> {
  return fc.oneof(
    padded(n + 1, 20),
    fc.tuple(fc.integer({ min: n + 1, max: n + 8 }), fc.constantFrom(...EMOJI)).map(([k, emoji]) => emoji.repeat(Math.ceil(k / codePoints(emoji)))),
    fc.tuple(lower, fc.constantFrom(...COMBINING)).map(([base, mark]) => (base + mark).repeat(Math.ceil((n + 1) / 2))),
    fc.constant('a'.repeat(n + 1)),
  ).filter((s) => codePoints(s) > n);
}

const e164 = fc.tuple(fc.constantFrom(...'123456789'), digits(4, 14)).map(([first, rest]) => `+${first}${rest}`);

/** Unicode decimal digits that are not ASCII: Arabic-Indic, Persian, Devanagari, Bengali, full-width, mathematical bold. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0xff10, 0x1d7ce];

const badPhone = fc.oneof(
  e164.map((p) => p.slice(1)), // missing +
  fc.tuple(fc.constantFrom(...'123456789'), digits(0, 3)).map(([a, b]) => `+${a}${b}`), // too short
  fc.tuple(fc.constantFrom(...'123456789'), digits(15, 30)).map(([a, b]) => `+${a}${b}`), // too long
  digits(4, 14).map((d) => `+0${d}`), // leading 0
  fc.tuple(e164, fc.nat(), fc.oneof(lower, upper, fc.constantFrom('é', 'ß', 'Ω'))).map(([p, at, letter]) => insertAt(p, 1 + (at % p.length), letter)), // letters
  fc.tuple(e164, fc.constantFrom(...DIGIT_ZEROS), fc.nat()).map(([p, zero, at]) => {
    const i = 1 + (at % (p.length - 1));
    return p.slice(0, i) + String.fromCodePoint(zero + Number(p[i])) + p.slice(i + 1); // unicode digit
  }),
  fc.tuple(e164, fc.constantFrom(...DIGIT_ZEROS)).map(([p, zero]) => '+' + [...p.slice(1)].map((d) => String.fromCodePoint(zero + Number(d))).join('')),
  fc.tuple(e164, fc.nat(), fc.constantFrom(' ', '-', '.', '(', ')', '\u00a0', '/')).map(([p, at, sep]) => insertAt(p, 2 + (at % (p.length - 1)), sep)), // separators
  e164.map((p) => `${p}\n`),
  e164.map((p) => ` ${p}`),
  e164.map((p) => `＋${p.slice(1)}`), // full-width plus
  e164.map((p) => `00${p.slice(1)}`),
  fc.constantFrom('', '+', '++33123456789', 'tel:+33123456789'),
);

function insertAt(text: string, index: number, piece: string): string {
  return text.slice(0, index) + piece + text.slice(index);
}

/** Known values, cased or spaced wrong, and anything else. */
function badEnum(values: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...values).map((v) => v.toLowerCase()),
    fc.constantFrom(...values).map((v) => v.charAt(0) + v.slice(1).toLowerCase()),
    fc.constantFrom(...values).map((v) => `${v} `),
    fc.constantFrom(...values).map((v) => v.replace(/[_-]/g, ' ')),
    fc.string({ maxLength: 20 }),
  ).filter((v) => !values.includes(v));
}

const validCarrierCode = fc.string({ unit: upper, minLength: 3, maxLength: 3 });
const badCarrierCode = fc.oneof(
  validCarrierCode.map((c) => c.toLowerCase()),
  fc.string({ unit: upper, maxLength: 2 }),
  fc.string({ unit: upper, minLength: 4, maxLength: 8 }),
  fc.tuple(validCarrierCode, digitChar, fc.nat(2)).map(([c, d, at]) => c.slice(0, at) + d + c.slice(at + 1)),
  fc.constantFrom('ÖFR', 'ОFR' /* Cyrillic O */, 'OF R', ' OFR', 'OFR\n', 'Ｏ Ｆ Ｒ'),
);

const COUNTRIES = [...COUNTRY_CODES];
const badCountry = fc.oneof(
  fc.tuple(upper, upper).map(([a, b]) => a + b).filter((code) => !COUNTRY_CODES.has(code)), // unassigned, per the emulator's ISO table
  fc.constantFrom(...COUNTRIES).map((c) => c.toLowerCase()),
  fc.constantFrom(...COUNTRIES).map((c) => c.charAt(0) + c.charAt(1).toLowerCase()),
  fc.constantFrom('UK', 'EU', 'XK', 'FX', 'ZZ', 'CP', 'FRA', 'F', '', '33', 'France', 'FR ', 'ＦＲ'),
);

const webUrl = (schemes: string[]) => fc.webUrl({ validSchemes: schemes, withQueryParameters: true, withFragments: true });
const httpUrl = webUrl(['http', 'https']);
const longUrl = (scheme: string) => fc.integer({ min: 2049, max: 2200 }).map((n) => `${scheme}://www.example.com/${'a'.repeat(n)}`);
const notAUrl = fc.oneof(fc.domain(), fc.domain().map((d) => `${d}/logo.png`), fc.constantFrom('', 'not a url', '//example.com', 'http//example.com'));
const badWebUrl = fc.oneof(
  fc.tuple(httpUrl, fc.constantFrom('ftp', 'file', 'ws', 'wss', 'gopher', 'data')).map(([u, s]) => u.replace(/^https?/, s)),
  fc.constantFrom('mailto:contact@example.com', 'javascript:alert(1)', 'tel:+33123456789', 'http://', 'https://'),
  notAUrl,
  longUrl('https'),
);
const badSink = fc.oneof(
  webUrl(['http']),
  fc.tuple(webUrl(['https']), fc.constantFrom('ftp', 'wss', 'file')).map(([u, s]) => u.replace(/^https/, s)),
  fc.constantFrom('https://', 'mailto:hooks@example.com', 'javascript:alert(1)'),
  notAUrl,
  longUrl('https'),
);

const validDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
const validDay = validDate.map((d) => d.toISOString().slice(0, 10));
const badDay = fc.oneof(
  validDate.map((d) => d.toISOString()), // a date-time
  validDate.map((d) => d.toISOString().slice(0, 10).replace(/-/g, '/')),
  validDate.map((d) => `${d.getUTCDate()}-${d.getUTCMonth() + 1}-${d.getUTCFullYear()}`),
  fc.constantFrom('2027-02-30', '2027-13-01', '2027-1-1', '27-01-01', '2027-00-10', 'tomorrow', ''),
);
const validDateTime = fc.oneof(
  validDate.map((d) => d.toISOString()),
  validDate.map((d) => d.toISOString().replace(/\.\d+Z$/, 'Z')),
  fc.tuple(validDate, fc.integer({ min: -12, max: 14 })).map(([d, h]) => d.toISOString().replace(/\.\d+Z$/, `${h < 0 ? '-' : '+'}${String(Math.abs(h)).padStart(2, '0')}:00`)),
);
const badDateTime = fc.oneof(validDay, validDate.map((d) => d.toISOString().replace('Z', '')), validDate.map((d) => d.toUTCString()), fc.constantFrom('2030-01-01T25:00:00Z', 'never', ''));

const word = fc.string({ unit: alnum, minLength: 1, maxLength: 12 });
/** Ordinary addresses (the exotic ones RFC 5322 allows are out of scope: see the report). */
const validEmail = fc
  .tuple(word, fc.option(fc.tuple(fc.constantFrom('.', '_', '-', '+'), word), { nil: undefined }), word, fc.string({ unit: lower, minLength: 2, maxLength: 6 }))
  .map(([a, more, domain, tld]) => `${a}${more ? more.join('') : ''}@${domain}.${tld}`);
const badEmail = fc.oneof(
  word,
  word.map((w) => `${w}@`),
  word.map((w) => `@${w}.fr`),
  fc.tuple(word, word).map(([a, b]) => `${a}@${b}`),
  fc.tuple(word, word).map(([a, b]) => `${a} ${b}@example.com`),
  fc.tuple(word, word).map(([a, b]) => `${a}@@${b}.fr`),
  fc.integer({ min: 257, max: 300 }).map((n) => `${'a'.repeat(n - 12)}@example.com`),
);

// Values of the wrong type. NaN and the infinities are numbers, but no JSON number.
const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 }));
const notInteger = fc.oneof(fc.integer({ min: 1, max: 999 }).map(String), fc.double().filter((x) => !Number.isInteger(x)), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
const notObject = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }));
const notArray = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({ 0: 'OFR' }));

/** Keys a schema does not know: typos, other casings, JavaScript's own names, anything. */
function unknownKey(known: readonly string[], { topLevel = false } = {}): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ minLength: 1, maxLength: 16 }),
    fc.constantFrom(...known).map((k) => k.toLowerCase()),
    fc.constantFrom(...known).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
    fc.constantFrom(...known).map((k) => `${k}s`),
    fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'a.b', 'x[0]', 'id', 'name '),
  ).filter((key) => !known.includes(key) && !(topLevel && key.startsWith('__'))); // __keys are Pulumi's: the binding drops them
}

const keysOf = (schema: unknown) => Object.keys((schema as ObjectSchema).properties);
const PULUMI_ONLY = ['configNamespace', 'existingId'];
const customerShape = customerBodySchema.properties as Record<string, ObjectSchema>;
const companyShape = customerShape.company.properties as Record<string, ObjectSchema>;
const brandShape = customerShape.brand.properties as Record<string, ObjectSchema>;

// ---------------------------------------------------------------- valid inputs

const customerContact = (extra: 'role' | 'title') =>
  fc.record(
    { name: validText(256), [extra]: validText(128), email: validEmail, phoneNumber: e164 },
    { requiredKeys: ['name'] },
  );

const validCustomer: fc.Arbitrary<Props> = fc.record(
  {
    company: fc.record(
      {
        legalName: validText(256),
        countryOfRegistration: fc.constantFrom(...COUNTRIES),
        registrationNumber: validText(64),
        corporateWebsite: httpUrl,
        dunsNumber: digits(9, 9),
        legalForm: validText(64),
        industry: fc.stringMatching(/^[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,8}){0,4}$/),
        address: fc.record({ streetNumber: validText(16), street: validText(256), zipCode: validText(16), city: validText(128) }, { requiredKeys: [] }),
        employeeCount: fc.oneof(fc.nat(), fc.maxSafeNat()),
        contact: customerContact('role'),
      },
      { requiredKeys: ['legalName', 'countryOfRegistration', 'registrationNumber'] },
    ),
    brand: fc.record(
      {
        name: validText(256),
        tradingWebsite: httpUrl,
        callPurpose: fc.stringMatching(/^[a-z][a-z0-9_-]{0,63}$/).filter((s) => s.length <= 64),
        contact: customerContact('title'),
      },
      { requiredKeys: ['name'] },
    ),
    // No valid existingId: a valid one makes check read the object it names, on purpose
    // (adoption, test/e2e/adoption.test.ts); only invalid ones are generated below.
    configNamespace: fc.constantFrom('brandedcalling', 'second'),
  },
  { requiredKeys: ['company', 'brand'] },
);

const validCarrier: fc.Arbitrary<Props> = fc.record(
  { customerId: textOf(1, 64), carrierCode: validCarrierCode, configNamespace: fc.constantFrom('brandedcalling', 'second') },
  { requiredKeys: ['customerId', 'carrierCode'] },
);

const registrationV01Fields = {
  phoneNumber: e164,
  displayName: validText(32),
  customerId: validText(64),
  phoneNumberAlternate: e164,
  verifyCallerAction: fc.constantFrom(...VERIFY_CALLER_ACTIONS),
  terminatingCountryCode: fc.integer({ min: 1, max: 999 }),
  campaignName: validText(64),
  carrierCodes: fc.uniqueArray(validCarrierCode, { minLength: 1, maxLength: 4 }),
  waitForActiveSeconds: fc.integer({ min: 1, max: 86_400 }),
};
const REGISTRATION_REQUIRED: (keyof typeof registrationV01Fields)[] = ['phoneNumber', 'displayName', 'customerId'];

const validRegistrationV01: fc.Arbitrary<Props> = fc.record(
  { ...registrationV01Fields, configNamespace: fc.constant('brandedcalling') },
  { requiredKeys: REGISTRATION_REQUIRED },
);

const validSinkCredential = fc.oneof(
  fc.record({ credentialType: fc.constant('ACCESSTOKEN'), accessToken: validText(4096), accessTokenExpiresUtc: validDateTime, accessTokenType: fc.constant('bearer') }),
  fc.constant({ credentialType: 'PRIVATE_KEY_JWT' }),
);
const FULL_CREDENTIAL = { credentialType: 'ACCESSTOKEN', accessToken: 'token', accessTokenExpiresUtc: '2030-01-01T00:00:00Z', accessTokenType: 'bearer' };

/** Under the `v02` namespace, whose registrationApiVersion is v0.2. */
const validRegistrationV02: fc.Arbitrary<Props> = fc.record(
  {
    ...registrationV01Fields,
    expiresAt: validDay,
    displayAsset: fc.oneof(webUrl(['http', 'https']), fc.constantFrom('data:image/png;base64,iVBORw0KGgo=', 'urn:isbn:0451450523')),
    callPurpose: fc.constantFrom(...CALL_PURPOSES),
    sink: fc.oneof(webUrl(['https']), webUrl(['https']).map((url) => url.replace(/^https/, 'HTTPS'))),
    sinkCredential: validSinkCredential,
    configNamespace: fc.constant('v02'),
  },
  { requiredKeys: [...REGISTRATION_REQUIRED, 'terminatingCountryCode' as const, 'configNamespace' as const] },
);

const VALID: Record<Kind, fc.Arbitrary<Props>> = {
  customer: validCustomer,
  carrier: validCarrier,
  registration: fc.oneof(validRegistrationV01, validRegistrationV02),
};

/** Minimal valid parents, for a bad value deep in an object the input left out. */
const PARENTS: Record<string, unknown> = {
  'company.address': {},
  'company.contact': { name: 'Alice Martin' },
  'brand.contact': { name: 'Bob Durand' },
};

function withBad(base: Props, bad: Bad): Props {
  const input = structuredClone(base);
  let parent: any = input;
  bad.path.slice(0, -1).forEach((key, i) => {
    if (parent[key] === undefined) parent[key] = structuredClone(PARENTS[written(bad.path.slice(0, i + 1))]);
    parent = parent[key];
  });
  const last = bad.path[bad.path.length - 1];
  if (bad.value === REMOVE) delete parent[last];
  // defineProperty: a key named __proto__ must be a key, not a new prototype.
  else Object.defineProperty(parent, last, { value: bad.value, enumerable: true, writable: true, configurable: true });
  return input;
}

// ---------------------------------------------------------------- the bad values, by kind

const at = (path: Path, values: fc.Arbitrary<unknown>, extra: Omit<Bad, 'path' | 'value'> = {}): fc.Arbitrary<Bad> => values.map((value) => ({ path, value, ...extra }));
const v02 = { version: 'v0.2' as const };
const removed = (path: Path, extra: Omit<Bad, 'path' | 'value'> = {}) => fc.constant<Bad>({ path, value: REMOVE, says: /is required/, missing: true, ...extra });
/** A bad field of the sink credential: the whole credential goes in, the field is named. */
const credentialWith = (key: string, values: fc.Arbitrary<unknown>) =>
  values.map<Bad>((value) => ({ path: ['sinkCredential'], value: value === REMOVE ? omit(FULL_CREDENTIAL, key) : { ...FULL_CREDENTIAL, [key]: value }, property: `sinkCredential.${key}`, missing: value === REMOVE, ...v02 }));

function omit(object: Props, key: string): Props {
  const { [key]: _, ...rest } = object;
  return rest;
}

const CUSTOMER_TEXTS: [Path, number][] = [
  [['company', 'legalName'], 256],
  [['company', 'registrationNumber'], 64],
  [['company', 'legalForm'], 64],
  [['company', 'address', 'streetNumber'], 16],
  [['company', 'address', 'street'], 256],
  [['company', 'address', 'zipCode'], 16],
  [['company', 'address', 'city'], 128],
  [['company', 'contact', 'name'], 256],
  [['company', 'contact', 'role'], 128],
  [['brand', 'name'], 256],
  [['brand', 'contact', 'name'], 256],
  [['brand', 'contact', 'title'], 128],
];
const CUSTOMER_STRINGS: Path[] = [
  ...CUSTOMER_TEXTS.map(([path]) => path),
  ['company', 'countryOfRegistration'], ['company', 'corporateWebsite'], ['company', 'dunsNumber'], ['company', 'industry'],
  ['company', 'contact', 'email'], ['company', 'contact', 'phoneNumber'],
  ['brand', 'tradingWebsite'], ['brand', 'callPurpose'], ['brand', 'contact', 'email'], ['brand', 'contact', 'phoneNumber'],
  ['existingId'], ['configNamespace'],
];

const CATEGORIES: Record<Kind, Record<string, fc.Arbitrary<Bad>[]>> = {
  customer: {
    'phone numbers that are not E.164': [at(['company', 'contact', 'phoneNumber'], badPhone), at(['brand', 'contact', 'phoneNumber'], badPhone)],
    'every text(n) limit, counted in code points, and empty text': CUSTOMER_TEXTS.flatMap(([path, n]) => [
      at(path, textOver(n), { says: new RegExp(`at most ${n} characters`) }),
      at(path, fc.constant(''), { says: /must not be empty/ }),
    ]),
    'other lengths': [
      at(['company', 'industry'], fc.integer({ min: 65, max: 100 }).map((n) => 'a'.repeat(n)), { says: /at most 64/ }),
      at(['brand', 'callPurpose'], fc.integer({ min: 65, max: 100 }).map((n) => 'a'.repeat(n)), { says: /at most 64/ }),
      at(['existingId'], textOver(256)),
      at(['existingId'], fc.constant('')),
    ],
    'country codes': [at(['company', 'countryOfRegistration'], badCountry)],
    'URLs': [at(['company', 'corporateWebsite'], badWebUrl), at(['brand', 'tradingWebsite'], badWebUrl)],
    'emails': [at(['company', 'contact', 'email'], badEmail), at(['brand', 'contact', 'email'], badEmail)],
    'formats: DUNS, industry, call purpose, employee count, namespace': [
      at(['company', 'dunsNumber'], fc.oneof(digits(0, 8), digits(10, 15), digits(9, 9).map((d) => `${d.slice(0, 4)}-${d.slice(4)}`), fc.tuple(digits(9, 9), fc.constantFrom(...DIGIT_ZEROS)).map(([d, z]) => String.fromCodePoint(z + Number(d[0])) + d.slice(1)))),
      at(['company', 'industry'], fc.constantFrom('Water_Supply', 'water supply', 'water-supply', '_water', 'water__supply', 'water_', '1water', '')),
      at(['brand', 'callPurpose'], fc.constantFrom('Survey', 'customer service', '_survey', '1survey', 'SURVEY', '')),
      at(['company', 'employeeCount'], fc.integer({ max: -1 })),
      at(['configNamespace'], fc.constantFrom('', '1acme', 'acme account', 'acme:account', 'acmé', '-acme')),
    ],
    'wrong types': [
      ...CUSTOMER_STRINGS.map((path) => at(path, notString, { says: /must be / })),
      at(['company', 'employeeCount'], notInteger, { says: /must be / }),
      ...[['company'], ['brand'], ['company', 'address'], ['company', 'contact'], ['brand', 'contact']].map((path) => at(path, notObject, { says: /must be / })),
    ],
    'unknown keys, at every depth': ([
      fc.tuple(fc.constant<Path>([]), unknownKey([...keysOf(customerBodySchema), ...PULUMI_ONLY], { topLevel: true })),
      fc.tuple(fc.constant(['company']), unknownKey(keysOf(customerShape.company))),
      fc.tuple(fc.constant(['company', 'address']), unknownKey(keysOf(companyShape.address))),
      fc.tuple(fc.constant(['company', 'contact']), unknownKey(keysOf(companyShape.contact))),
      fc.tuple(fc.constant(['brand']), unknownKey(keysOf(customerShape.brand))),
      fc.tuple(fc.constant(['brand', 'contact']), unknownKey(keysOf(brandShape.contact))),
    ] as fc.Arbitrary<[Path, string]>[]).map((arb) => fc.tuple(arb, fc.jsonValue()).map<Bad>(([[path, key], value]) => ({ path: [...path, key], value, says: /is not a known property/ }))),
    'missing required fields': [
      removed(['company']), removed(['brand']),
      removed(['company', 'legalName']), removed(['company', 'countryOfRegistration']), removed(['company', 'registrationNumber']),
      removed(['brand', 'name']),
      at(['company', 'contact'], fc.constant({ email: 'alice@example.com' }), { property: 'company.contact.name', says: /is required/, missing: true }),
      at(['brand', 'contact'], fc.constant({ title: 'CEO' }), { property: 'brand.contact.name', says: /is required/, missing: true }),
    ],
  },

  carrier: {
    'carrier codes': [at(['carrierCode'], badCarrierCode)],
    'lengths and empty text': [at(['customerId'], fc.constant('')), at(['existingId'], textOver(256)), at(['existingId'], fc.constant(''))],
    'wrong types': [['customerId'], ['carrierCode'], ['existingId'], ['configNamespace']].map((path) => at(path, notString, { says: /must be / })),
    'unknown keys': [
      fc.tuple(unknownKey(['customerId', 'carrierCode', ...PULUMI_ONLY], { topLevel: true }), fc.jsonValue()).map<Bad>(([key, value]) => ({ path: [key], value, says: /is not a known property/ })),
    ],
    'missing required fields': [removed(['customerId']), removed(['carrierCode'])],
  },

  registration: {
    'phone numbers that are not E.164': [at(['phoneNumber'], badPhone, { says: /E\.164/ }), at(['phoneNumberAlternate'], badPhone, { says: /E\.164/ })],
    'display names: too long in code points, emoji, combining marks, empty': [
      at(['displayName'], textOver(32), { says: /at most 32 characters/ }),
      at(['displayName'], fc.constant(''), { says: /must not be empty/ }),
    ],
    'every other length': [
      at(['campaignName'], textOver(64), { says: /at most 64/ }),
      at(['campaignName'], fc.constant('')),
      at(['customerId'], textOver(64), { says: /at most 64/ }),
      at(['customerId'], fc.constant('')),
      at(['existingId'], textOver(256)),
      at(['displayAsset'], longUrl('https'), v02),
      at(['sink'], longUrl('https'), v02),
      credentialWith('accessToken', textOver(4096)),
      credentialWith('accessToken', fc.constant('')),
    ],
    'enums: verifyCallerAction, callPurpose': [
      at(['verifyCallerAction'], badEnum(VERIFY_CALLER_ACTIONS), { says: /must be one of "BLOCK_UNVERIFIED", "DO_NOT_BRAND"/ }),
      at(['callPurpose'], badEnum(CALL_PURPOSES), { ...v02, says: /must be one of/ }),
    ],
    'carrier codes': [
      fc.tuple(fc.uniqueArray(validCarrierCode, { maxLength: 3 }), badCarrierCode, fc.nat()).map<Bad>(([codes, bad, at]) => {
        const index = at % (codes.length + 1);
        return { path: ['carrierCodes'], value: [...codes.slice(0, index), bad, ...codes.slice(index)], property: `carrierCodes[${index}]` };
      }),
      at(['carrierCodes'], fc.constant([]), { says: /at least one carrier/ }),
      at(['carrierCodes'], fc.tuple(fc.uniqueArray(validCarrierCode, { minLength: 1, maxLength: 3 }), fc.nat()).map(([codes, i]) => [...codes, codes[i % codes.length]]), { says: /twice/ }),
    ],
    'numbers: country code, wait': [
      at(['terminatingCountryCode'], fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 1000 })), { says: /between 1 and 999/ }),
      at(['waitForActiveSeconds'], fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 86_401 })), { says: /between 1 and 86400/ }),
    ],
    'URLs: sink not https, display asset not a URI': [at(['sink'], badSink, { ...v02, says: /https URL/ }), at(['displayAsset'], notAUrl, v02)],
    'dates and the sink credential': [
      at(['expiresAt'], badDay, { ...v02, says: /YYYY-MM-DD/ }),
      credentialWith('accessTokenExpiresUtc', badDateTime),
      credentialWith('accessTokenType', fc.constantFrom('Bearer', 'basic', '', 'mac')),
      credentialWith('credentialType', fc.oneof(badEnum(['ACCESSTOKEN', 'PRIVATE_KEY_JWT']), fc.constant(REMOVE))),
      ...['accessToken', 'accessTokenExpiresUtc', 'accessTokenType'].map((key) => credentialWith(key, fc.constant(REMOVE))),
    ],
    'v0.2 fields under v0.1, naming the setting': (['expiresAt', 'displayAsset', 'callPurpose', 'sink', 'sinkCredential'] as const).map((key) =>
      validRegistrationV02.filter((input) => input[key] !== undefined).map<Bad>((input) => ({ path: [key], value: input[key], version: 'v0.1', says: /brandedcalling:registrationApiVersion to v0\.2/ })),
    ),
    'wrong types': [
      ...['phoneNumber', 'displayName', 'customerId', 'phoneNumberAlternate', 'verifyCallerAction', 'campaignName', 'existingId', 'configNamespace'].map((key) => at([key], notString, { says: /must be / })),
      ...['expiresAt', 'displayAsset', 'callPurpose', 'sink'].map((key) => at([key], notString, { ...v02, says: /must be / })),
      at(['terminatingCountryCode'], notInteger, { says: /must be / }),
      at(['waitForActiveSeconds'], notInteger, { says: /must be / }),
      at(['carrierCodes'], notArray, { says: /must be / }),
      fc.tuple(fc.uniqueArray(validCarrierCode, { maxLength: 2 }), notString).map<Bad>(([codes, bad]) => ({ path: ['carrierCodes'], value: [...codes, bad], property: `carrierCodes[${codes.length}]`, says: /must be / })),
      at(['sinkCredential'], notObject, { ...v02, says: /must be / }),
    ],
    'unknown keys': [
      fc.tuple(unknownKey([...keysOf(registrationBodySchemaV02), ...PULUMI_ONLY, 'waitForActiveSeconds'], { topLevel: true }), fc.jsonValue()).map<Bad>(([key, value]) => ({ path: [key], value, says: /is not a known property/ })),
      fc.tuple(unknownKey(Object.keys(FULL_CREDENTIAL)), fc.jsonValue()).map<Bad>(([key, value]) => ({
        path: ['sinkCredential'],
        value: Object.defineProperty({ ...FULL_CREDENTIAL }, key, { value, enumerable: true }),
        property: `sinkCredential.${key}`,
        ...v02,
        says: /is not a known property/,
      })),
    ],
    'missing required fields': [
      ...REGISTRATION_REQUIRED.map((key) => removed([key])),
      removed(['terminatingCountryCode'], { ...v02, says: /required by the v0\.2 registration API/ }),
    ],
  },
};

// ---------------------------------------------------------------- the properties

describe('check refuses bad input at volume, naming the property, with no request sent', function () {
  let emulator: RunningEmulator;
  let savedEnv: NodeJS.ProcessEnv;

  before(async () => {
    emulator = await startEmulator({ decisionDelayMs: -1 });
    const { clientId, clientSecret } = emulator.demoClient;
    const config = new Map<string, string>();
    for (const namespace of ['brandedcalling', 'second', 'v02']) {
      config.set(`${namespace}:apiRoot`, emulator.url);
      config.set(`${namespace}:clientId`, clientId);
      config.set(`${namespace}:clientSecret`, clientSecret);
    }
    config.set('v02:registrationApiVersion', 'v0.2');
    await runtime.configure({ config: { get: (key: string) => config.get(key) } });
    savedEnv = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('BRANDED_CALLING_')) delete process.env[key];
  });

  after(async () => {
    if (savedEnv) process.env = savedEnv;
    await emulator?.stop();
  });

  afterEach(function () {
    const counters = emulator.counters();
    assert.equal(totalRequests(emulator), 0, `check sent requests: ${JSON.stringify(counters.requests)}`);
    assert.equal(counters.tokensIssued, 0, 'check asked for a token');
    assert.equal(counters.connectionsOpened, 0, 'check opened a connection');
  });

  async function failuresOf(kind: Kind, input: Props) {
    return (await runtime.check(kind, {}, input)).failures;
  }

  for (const kind of Object.keys(CATEGORIES) as Kind[]) {
    describe(kind, () => {
      it('accepts valid inputs from a generator of valid ones', async () => {
        await run(fc.asyncProperty(VALID[kind], async (input) => {
          assert.deepEqual(await failuresOf(kind, input), []);
        }));
      });

      it('accepts valid inputs whose values are not known yet (preview), wherever they are', async () => {
        await run(fc.asyncProperty(VALID[kind].chain((input) => fc.tuple(fc.constant(input), fc.subarray(leafPaths(input), { minLength: 1 }))), async ([input, paths]) => {
          // Deepest first: an unknown parent then hides its children, as in the engine.
          const deepestFirst = [...paths].sort((a, b) => b.length - a.length);
          const previewed = deepestFirst.reduce((acc, path) => withBad(acc, { path, value: UNKNOWN }), input);
          assert.deepEqual(await failuresOf(kind, previewed), []);
        }));
      });

      if (kind === 'customer') {
        it('agrees with the ISO 3166-1 table on every two-letter code', async () => {
          const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
          const base = { company: { legalName: 'ACME', countryOfRegistration: 'FR', registrationNumber: '1' }, brand: { name: 'ACME' } };
          const disagree: string[] = [];
          for (const a of letters) {
            for (const b of letters) {
              const failures = await failuresOf(kind, withBad(base, { path: ['company', 'countryOfRegistration'], value: a + b }));
              if ((failures.length === 0) !== COUNTRY_CODES.has(a + b)) disagree.push(a + b);
            }
          }
          assert.deepEqual(disagree, [], 'check and the ISO 3166-1 table disagree on these codes');
        });
      }

      for (const [category, arbitraries] of Object.entries(CATEGORIES[kind])) {
        it(`refuses ${category}`, async () => {
          for (const arbitrary of arbitraries) {
            await run(fc.asyncProperty(baseFor(kind, arbitrary), async ([base, bad]) => {
              const property = bad.property ?? written(bad.path);
              const failures = await failuresOf(kind, withBad(base, bad));
              assert.ok(failures.length > 0, `${property}: accepted`);
              for (const failure of failures) {
                assert.equal(failure.property, property, `another property named: ${failure.reason}`);
                assert.ok(failure.reason.startsWith(`${property}: `), `the reason does not start with the property: ${failure.reason}`);
                if (!bad.missing) assert.doesNotMatch(failure.reason, /is required/, 'a value given is said to be missing');
              }
              if (bad.says) assert.ok(failures.some((f) => bad.says!.test(f.reason)), `no reason says ${bad.says}: ${failures.map((f) => f.reason).join(' | ')}`);
            }));
          }
        });
      }
    });
  }
});

/** The bad value with a valid input of the right API version to put it in. */
function baseFor(kind: Kind, bads: fc.Arbitrary<Bad>): fc.Arbitrary<[Props, Bad]> {
  if (kind !== 'registration') return fc.tuple(VALID[kind], bads);
  return bads.chain((bad) => {
    const base = bad.version === 'v0.2' ? validRegistrationV02 : bad.version === 'v0.1' || bad.path[0] === 'configNamespace' ? validRegistrationV01 : VALID.registration;
    return base.map((input): [Props, Bad] => [input, bad]);
  });
}

/** Every value of an input, at every depth (the ones a program may give as an Output). */
function leafPaths(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return path.length ? [path] : [];
  const children = Array.isArray(value) ? value.map((item, i) => leafPaths(item, [...path, i])) : Object.entries(value).map(([key, item]) => leafPaths(item, [...path, key]));
  return [...(path.length ? [path] : []), ...children.flat()];
}
