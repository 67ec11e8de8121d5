// A YAML file read with the place of every value in it, so that an error can name the
// line and column a person has to fix. js-yaml's event parser gives source offsets; one
// walk over its events maps each path ("customers.acme.brand.name") to where its entry
// starts, and refuses a key written twice in one mapping, naming both lines.
import { CORE_SCHEMA, constructFromEvents, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, YAMLException, type Event } from 'js-yaml';
import { propertyPath } from '../lifecycle';

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

interface Entry {
  /** Where the entry starts: its key in a mapping, the item itself in a list. */
  position: Position;
  /** The source text of a plain (unquoted) scalar, e.g. +33123456789 read as a number. */
  plainText?: string;
}

/** A YAML error that stops reading: bad syntax, or a key written twice. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: Position | undefined,
    readonly path: string = '',
  ) {
    super(reason);
  }
}

export interface YamlFile {
  value: unknown;
  /** Where a path's entry starts; for a path not in the file, its nearest ancestor's. */
  positionOf(path: readonly PropertyKey[]): Position;
  /** The text of an unquoted scalar at a path, as written. */
  plainTextAt(path: readonly PropertyKey[]): string | undefined;
}

/** At most this many aliases (*name) per file: a branding file needs a few, not millions. */
const MAX_ALIASES = 100;

export function readYaml(text: string, fileName: string): YamlFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const positionAt = (offset: number): Position => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };

  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(text, { filename: fileName });
  } catch (error) {
    throw fromYamlException(error);
  }
  const entries = mapEntries(text, events, positionAt);
  try {
    documents = constructFromEvents(events, { source: text, filename: fileName, schema: CORE_SCHEMA, maxAliases: MAX_ALIASES });
  } catch (error) {
    throw fromYamlException(error);
  }
  if (documents.length === 0) throw new YamlSyntaxError('the file is empty', { line: 1, column: 1 });
  if (documents.length > 1) throw new YamlSyntaxError('holds more than one YAML document (a second ---): keep one', undefined);

  const nearest = (path: readonly PropertyKey[]): Entry | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const entry = entries.get(propertyPath(path.slice(0, length)));
      if (entry) return entry;
    }
    return undefined;
  };
  return {
    value: documents[0],
    positionOf: (path) => nearest(path)?.position ?? { line: 1, column: 1 },
    plainTextAt: (path) => entries.get(propertyPath([...path]))?.plainText,
  };
}

function fromYamlException(error: unknown): YamlSyntaxError {
  if (error instanceof YAMLException) {
    const mark = error.mark;
    return new YamlSyntaxError(error.reason, mark ? { line: mark.line + 1, column: mark.column + 1 } : undefined);
  }
  return new YamlSyntaxError(error instanceof Error ? error.message : String(error), undefined);
}

interface Frame {
  kind: 'mapping' | 'sequence';
  path: PropertyKey[];
  nextIndex: number;
  /** Set between a key and its value. */
  pendingKey?: { key: string; position: Position };
  keyLines: Map<string, number>;
}

/** One pass over the events: each node's path and position; duplicate keys refused. */
function mapEntries(text: string, events: Event[], positionAt: (offset: number) => Position): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const stack: Frame[] = [];

  /** Places a node in its parent: returns its path, or undefined for a mapping key. */
  const place = (start: number, plainText: string | undefined, keyText: string | undefined): PropertyKey[] | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      entries.set('', { position: positionAt(start) });
      return [];
    }
    if (parent.kind === 'sequence') {
      const path = [...parent.path, parent.nextIndex++];
      entries.set(propertyPath(path), { position: positionAt(start), plainText });
      return path;
    }
    if (!parent.pendingKey) {
      const position = positionAt(start);
      if (keyText === undefined) {
        throw new YamlSyntaxError('a key must be plain text, not a list or a mapping', position, propertyPath(parent.path));
      }
      const earlier = parent.keyLines.get(keyText);
      if (earlier !== undefined) {
        const where = propertyPath([...parent.path, keyText]);
        throw new YamlSyntaxError(`"${keyText}" is written twice in the same mapping (lines ${earlier} and ${position.line}): keep one`, position, where);
      }
      parent.keyLines.set(keyText, position.line);
      parent.pendingKey = { key: keyText, position };
      return undefined;
    }
    const { key, position } = parent.pendingKey;
    parent.pendingKey = undefined;
    const path = [...parent.path, key];
    entries.set(propertyPath(path), { position, plainText });
    return path;
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const start = event.valueStart - (quoted ? 1 : 0);
        const value = getScalarValue(text, event);
        place(start, event.style === SCALAR_STYLE.PLAIN ? value : undefined, value);
        break;
      }
      case EVENT_ID.ALIAS:
        place(event.anchorStart - 1, undefined, undefined);
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const start = event.anchorStart >= 0 ? event.anchorStart - 1 : event.tagStart >= 0 ? event.tagStart : event.start;
        const path = place(start, undefined, undefined);
        stack.push({ kind: event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence', path: path ?? [], nextIndex: 0, keyLines: new Map() });
        break;
      }
      case EVENT_ID.POP:
        stack.pop(); // an empty stack: the document's own end
        break;
    }
  }
  return entries;
}
