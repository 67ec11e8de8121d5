// What `npm run bench` measured, as data (written as JSON), as a table (printed and quoted
// in the README) and as an SVG chart of wall time against N, drawn by hand.

export const OPERATIONS = ['create', 'preview', 'update', 'destroy'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** One `pulumi` command, timed, with the CPU time and peak memory of the processes it ran. */
export interface CommandMeasure {
  seconds: number;
  /** CPU time (user + system) of the pulumi CLI (the engine), the Node.js program and the dynamic provider. */
  cpuSeconds: { engine: number; program: number; provider: number };
  /** VmHWM of the dynamic provider process, in MiB. */
  providerPeakMiB: number | undefined;
}

/** A command of the branded program, with what the emulator saw during it. */
export interface BrandedMeasure extends CommandMeasure {
  /** API requests, the token request excluded (it is `tokensIssued`). */
  apiRequests: number;
  /** apiRequests per resource acted on: the N registrations, 1 customer and 2 carriers; for the update, the N registrations. */
  callsPerResource: number;
  writes: number;
  tokensIssued: number;
  connectionsOpened: number;
  /** The emulator's counters: "METHOD /template" -> status -> count. */
  requests: Record<string, Record<string, number>>;
}

export interface SizeResult {
  n: number;
  /** Resources of the branded stack besides Pulumi's own: n + 3. */
  resources: number;
  branded: Record<Operation, BrandedMeasure>;
  floor: Record<Operation, CommandMeasure>;
  /** ceil(n / parallel) x calls per resource x latency: the time the API's latency alone takes. */
  boundSeconds: Record<Operation, number>;
  /** Average `pulumi stack export` bytes of one Registration entry. */
  stateBytesPerRegistration: number;
  /** The whole export divided by n. */
  stateBytesPerN: number;
  /** The do-nothing program's whole export divided by n. */
  floorStateBytesPerN: number;
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; node: string; pulumi: string };
  latencyMs: number;
  /** The engine's --parallel, passed explicitly: the default at 3.276 is 4 x GOMAXPROCS. */
  parallel: number;
  /** PULUMI_SKIP_CHECKPOINTS was set for both programs (the engine saves the state once, at the end). */
  skipCheckpoints: boolean;
  sizes: SizeResult[];
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** The table, as printed and as quoted in the README (a Markdown table). */
export function table(result: BenchResult): string {
  const header = ['N', 'operation', 'time s', 'floor s', 'x floor', 'bound s', 'x bound', 'calls/res', 'writes', 'tokens', 'conns', 'provider MiB', 'floor MiB'];
  const rows: string[][] = [];
  for (const size of result.sizes) {
    for (const op of OPERATIONS) {
      const b = size.branded[op];
      const f = size.floor[op];
      const bound = size.boundSeconds[op];
      rows.push([
        String(size.n),
        op,
        fixed(b.seconds, 1),
        fixed(f.seconds, 1),
        fixed(b.seconds / f.seconds, 2),
        bound > 0 ? fixed(bound, 2) : '-',
        bound > 0 ? fixed(b.seconds / bound, 1) : '-',
        fixed(b.callsPerResource, 2),
        String(b.writes),
        String(b.tokensIssued),
        String(b.connectionsOpened),
        fixed(b.providerPeakMiB, 0),
        fixed(f.providerPeakMiB, 0),
      ]);
    }
  }
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const state = result.sizes
    .map((s) => `N=${s.n}: ${s.stateBytesPerRegistration} B per registration entry, ${s.stateBytesPerN} B of export per N (floor ${s.floorStateBytesPerN})`)
    .join('; ');
  return `${lines.join('\n')}\n\nState: ${state}.`;
}

/** Where the time goes: CPU seconds of the engine, the program and the provider, branded and floor. */
export function cpuTable(result: BenchResult): string {
  const header = ['N', 'operation', 'engine CPU s', 'floor', 'program CPU s', 'floor', 'provider CPU s', 'floor'];
  const rows: string[][] = [];
  for (const size of result.sizes) {
    for (const op of OPERATIONS) {
      const b = size.branded[op].cpuSeconds;
      const f = size.floor[op].cpuSeconds;
      rows.push([String(size.n), op, fixed(b.engine, 1), fixed(f.engine, 1), fixed(b.program, 1), fixed(f.program, 1), fixed(b.provider, 1), fixed(f.provider, 1)]);
    }
  }
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** A Markdown table with its columns aligned, for the terminal. */
export function aligned(markdown: string): string {
  const rows = markdown.split('\n').filter((line) => !/^\| ---/.test(line)).map((line) => line.slice(2, -2).split(' | '));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

/** Both tables and the state line, for the terminal. */
export function alignedTable(result: BenchResult): string {
  const [markdown, ...rest] = table(result).split('\n\n');
  return [aligned(markdown), ...rest, aligned(cpuTable(result))].join('\n\n');
}

const COLOURS: Record<Operation, string> = { create: '#1f77b4', preview: '#2ca02c', update: '#ff7f0e', destroy: '#d62728' };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A round step for axis ticks: 1, 2 or 5 times a power of ten. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw)!;
}

/** Wall time against N: the branded program (solid), the do-nothing floor (dashed), the latency bound (dotted). */
export function chart(result: BenchResult): string {
  const width = 760;
  const height = 440;
  const margin = { left: 60, right: 180, top: 40, bottom: 50 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sizes = result.sizes;
  const maxN = Math.max(...sizes.map((s) => s.n));
  const maxT = Math.max(...sizes.flatMap((s) => OPERATIONS.flatMap((op) => [s.branded[op].seconds, s.floor[op].seconds, s.boundSeconds[op]])));
  const xStep = niceStep(maxN, 5);
  const yStep = niceStep(maxT, 5);
  const xMax = Math.ceil(maxN / xStep) * xStep;
  const yMax = Math.ceil(maxT / yStep) * yStep;
  const x = (n: number) => margin.left + (n / xMax) * plotW;
  const y = (t: number) => margin.top + plotH - (t / yMax) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  const title = `Wall time against N (emulator latency ${result.latencyMs} ms, --parallel ${result.parallel}, ${result.machine.cpus} cores${result.skipCheckpoints ? ', PULUMI_SKIP_CHECKPOINTS' : ''})`;
  out.push(`<text x="${margin.left}" y="22" font-size="14">${escapeXml(title)}</text>`);
  for (let t = 0; t <= yMax + 1e-9; t += yStep) {
    out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${margin.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${Number(t.toPrecision(6))}</text>`);
  }
  for (let n = 0; n <= xMax; n += xStep) {
    out.push(`<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 4}" stroke="#333"/>`);
    out.push(`<text x="${x(n).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle">${n}</text>`);
  }
  out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`);
  out.push(`<text x="${margin.left + plotW / 2}" y="${height - 12}" text-anchor="middle">N (registrations)</text>`);
  out.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">seconds</text>`);

  const line = (points: Array<[number, number]>, colour: string, dash: string) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${points.map(([n, t]) => `${x(n).toFixed(1)},${y(t).toFixed(1)}`).join(' ')}"/>`;
  for (const op of OPERATIONS) {
    const colour = COLOURS[op];
    out.push(line(sizes.map((s) => [s.n, s.floor[op].seconds]), colour, '6 4'));
    out.push(line(sizes.map((s) => [s.n, s.branded[op].seconds]), colour, ''));
    for (const s of sizes) out.push(`<circle cx="${x(s.n).toFixed(1)}" cy="${y(s.branded[op].seconds).toFixed(1)}" r="3" fill="${colour}"/>`);
  }
  out.push(line(sizes.map((s) => [s.n, s.boundSeconds.create]), '#555', '2 3'));

  const legend: Array<[string, string, string]> = [
    ...OPERATIONS.map((op): [string, string, string] => [op, COLOURS[op], '']),
    ['floor (dashed): do-nothing', '#555', '6 4'],
    ['latency bound, create', '#555', '2 3'],
  ];
  legend.forEach(([label, colour, dash], i) => {
    const ly = margin.top + 10 + i * 20;
    const lx = margin.left + plotW + 16;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${escapeXml(label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
