/**
 * Parses a query string (or form body) the way PHP fills `$_GET`: `filter[0][status][$in][]=New`
 * becomes nested arrays. axios serialises nested params in this bracket form, and Sugar
 * reads them through PHP, so the sandbox must too. Maps whose keys are 0..n-1 become lists.
 */
type PhpValue = string | PhpMap;
interface PhpMap {
  [key: string]: PhpValue;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function keyPath(rawKey: string): string[] {
  const open = rawKey.indexOf('[');
  if (open <= 0 || !rawKey.endsWith(']')) return [rawKey];
  const segments = rawKey.slice(open + 1, -1).split('][');
  return [rawKey.slice(0, open), ...segments];
}

function toLists(value: PhpValue): unknown {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((key) => [key, toLists(value[key]!)]));
  const isList = keys.length > 0 && keys.every((key, index) => key === String(index));
  return isList ? keys.map((key) => converted[key]) : converted;
}

export function parsePhpQuery(query: string): Record<string, unknown> {
  const root: PhpMap = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decode(pair.slice(equals + 1));
    const path = keyPath(rawKey);
    let node: PhpMap = root;
    path.forEach((segment, index) => {
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      if (index === path.length - 1) {
        node[key] = value;
        return;
      }
      const child = node[key];
      node = typeof child === 'object' ? child : (node[key] = {});
    });
  }
  return Object.fromEntries(Object.entries(root).map(([key, value]) => [key, toLists(value)]));
}
