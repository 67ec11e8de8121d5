// Secrets as the plugin protocol carries them: the engine hands a provider that accepts
// secrets each secret value wrapped in an object marked with Pulumi's signature key, and
// keeps secret only what the provider hands back wrapped. The lifecycles see plain
// values; every value that came in secret goes back out secret, at the same place.
import type { Props } from '../lifecycle';

/** Pulumi's wire markers (@pulumi/pulumi/runtime/rpc: specialSigKey, specialSecretSig). */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

export type Path = (string | number)[];

function isSecretWrapper(value: unknown): value is { value?: unknown } {
  return value !== null && typeof value === 'object' && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** The value with every secret unwrapped, and where each secret was. */
export function reveal(props: Props | undefined): { plain: Props; secrets: Path[] } {
  const secrets: Path[] = [];
  const visit = (value: unknown, path: Path): unknown => {
    if (isSecretWrapper(value)) {
      secrets.push(path);
      return visit(value.value, path);
    }
    if (Array.isArray(value)) return value.map((item, i) => visit(item, [...path, i]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, [...path, key])]));
    }
    return value;
  };
  return { plain: visit(props ?? {}, []) as Props, secrets };
}

/** Wraps the values at these paths (where present) as secrets; a secret's inside stays as it is. */
export function conceal(props: Props | undefined, secrets: readonly Path[]): Props | undefined {
  if (props === undefined) return undefined;
  const outermost = secrets
    .filter((path) => path.length > 0)
    .filter((path, i, all) => !all.some((other, j) => j !== i && other.length < path.length && other.every((key, k) => key === path[k])));
  const result = structuredClone(props);
  for (const path of outermost) {
    let parent: any = result;
    for (const key of path.slice(0, -1)) {
      parent = parent?.[key];
      if (parent === null || typeof parent !== 'object') break;
    }
    const last = path[path.length - 1];
    if (parent === null || typeof parent !== 'object' || !(last in parent) || parent[last] === undefined) continue;
    if (!isSecretWrapper(parent[last])) parent[last] = { [SIG_KEY]: SECRET_SIG, value: parent[last] };
  }
  return result;
}
