import fs from 'node:fs';
import path from 'node:path';

/**
 * Durable state: an append-only journal (one JSON line per committed write,
 * fsynced before the write is answered) over a snapshot that compaction writes
 * with temp file + fsync + rename. On open, a torn tail (a crash in the middle of
 * an append) is cut off; a bad line followed by good ones is corruption and
 * stops the start rather than silently losing writes.
 */
export interface JournalEntry<Op> {
  seq: number;
  ops: Op[];
}

interface SnapshotFile<State> {
  seq: number;
  state: State;
}

export interface JournalContents<State, Op> {
  snapshot: State | null;
  entries: JournalEntry<Op>[];
}

const SNAPSHOT_FILE = 'snapshot.json';
const JOURNAL_FILE = 'journal.jsonl';

export class Journal<State, Op> {
  private constructor(
    private readonly dir: string,
    private readonly fd: number,
    private nextSeq: number,
  ) {}

  static open<State, Op>(dir: string): { journal: Journal<State, Op>; contents: JournalContents<State, Op> } {
    fs.mkdirSync(dir, { recursive: true });
    fs.rmSync(path.join(dir, `${SNAPSHOT_FILE}.tmp`), { force: true });

    const snapshotPath = path.join(dir, SNAPSHOT_FILE);
    const snapshot = fs.existsSync(snapshotPath)
      ? (JSON.parse(fs.readFileSync(snapshotPath, 'utf8')) as SnapshotFile<State>)
      : null;

    const journalPath = path.join(dir, JOURNAL_FILE);
    const { entries, validBytes } = fs.existsSync(journalPath)
      ? readEntries<Op>(fs.readFileSync(journalPath))
      : { entries: [], validBytes: 0 };

    const fd = fs.openSync(journalPath, 'a');
    // Cut a torn tail so that the next append starts on a clean line.
    if (fs.fstatSync(fd).size !== validBytes) {
      fs.ftruncateSync(fd, validBytes);
      fs.fsyncSync(fd);
    }
    const snapshotSeq = snapshot?.seq ?? 0;
    const fresh = entries.filter((e) => e.seq > snapshotSeq);
    const lastSeq = Math.max(snapshotSeq, ...entries.map((e) => e.seq));
    return {
      journal: new Journal<State, Op>(dir, fd, lastSeq + 1),
      contents: { snapshot: snapshot?.state ?? null, entries: fresh },
    };
  }

  private closed = false;

  /** A request still running when the emulator stopped must not write: its descriptor may be the next start's. */
  private assertOpen(): void {
    if (this.closed) throw new Error('the journal is closed: the emulator has stopped');
  }

  /** Returns once the entry is on disk. */
  append(ops: Op[]): void {
    this.assertOpen();
    const line = Buffer.from(JSON.stringify({ seq: this.nextSeq, ops }) + '\n', 'utf8');
    let written = 0;
    while (written < line.length) written += fs.writeSync(this.fd, line, written, line.length - written);
    fs.fsyncSync(this.fd);
    this.nextSeq++;
  }

  /** Writes the whole state as the new snapshot, then empties the journal. */
  compact(state: State): void {
    this.assertOpen();
    const snapshotPath = path.join(this.dir, SNAPSHOT_FILE);
    const tmpPath = `${snapshotPath}.tmp`;
    const tmpFd = fs.openSync(tmpPath, 'w');
    try {
      fs.writeFileSync(tmpFd, JSON.stringify({ seq: this.nextSeq - 1, state }));
      fs.fsyncSync(tmpFd);
    } finally {
      fs.closeSync(tmpFd);
    }
    fs.renameSync(tmpPath, snapshotPath);
    syncDirectory(this.dir);
    // A crash before this truncation is harmless: replay skips entries the snapshot holds.
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

function readEntries<Op>(content: Buffer): { entries: JournalEntry<Op>[]; validBytes: number } {
  const entries: JournalEntry<Op>[] = [];
  let validBytes = 0;
  let offset = 0;
  let badLineAt: number | null = null;
  while (offset < content.length) {
    const newline = content.indexOf(0x0a, offset);
    if (newline === -1) break; // no newline: torn last line
    const line = content.subarray(offset, newline).toString('utf8');
    const entry = parseEntry<Op>(line);
    if (entry) {
      if (badLineAt !== null) throw new Error(`journal ${JOURNAL_FILE} is corrupt at byte ${badLineAt}`);
      entries.push(entry);
      validBytes = newline + 1;
    } else if (badLineAt === null) {
      badLineAt = offset;
    }
    offset = newline + 1;
  }
  return { entries, validBytes };
}

function parseEntry<Op>(line: string): JournalEntry<Op> | null {
  try {
    const parsed = JSON.parse(line) as JournalEntry<Op>;
    return typeof parsed?.seq === 'number' && Array.isArray(parsed.ops) ? parsed : null;
  } catch {
    return null;
  }
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
