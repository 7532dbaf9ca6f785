// JSON text as every input file is read: a non-recursive syntax scan that bounds the nesting depth before
// anything recursive (JSON.stringify, zod, structured clones, error messages) touches the value, and that
// names the line and column of the first mistake. Part of scenario/; pure and browser-safe (the Node reader
// of files is read-input-file.ts). JSON itself is RFC 8259.

/** Deepest nesting of objects and arrays an input file may have (scenario files need about 8). */
export const MAX_INPUT_DEPTH = 64;

export type JsonTextResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

interface Frame {
  readonly object: boolean;
  /** Raw text of the current field name (objects) or the current index (arrays), for the path in messages. */
  key: string;
  index: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

const describeChar = (c: string | undefined): string => (c === undefined ? 'the end of the file' : /[\x00-\x20\x7f]/.test(c) ? `character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : `'${c}'`);

/** A dotted field path for messages (at most 8 segments shown). */
export function showPath(segments: readonly string[]): string {
  if (segments.length === 0) return '(top level)';
  return segments.length > 8 ? `${segments.slice(0, 8).join('.')}.…` : segments.join('.');
}

function framePath(stack: readonly Frame[]): string[] {
  return stack.map((f) => {
    if (!f.object) return String(f.index);
    try {
      return String(JSON.parse(f.key));
    } catch {
      return f.key;
    }
  });
}

/**
 * Parse JSON text, refusing syntax errors (with line and column) and nesting deeper than `maxDepth`
 * (with the field path where it goes too deep). Linear in the text's length, with no recursion.
 */
export function parseJsonText(text: string, maxDepth: number = MAX_INPUT_DEPTH): JsonTextResult {
  const n = text.length;
  const stack: Frame[] = [];
  let i = 0;
  // 'value', 'first-value' (after '[': may be ']'), 'key', 'first-key' (after '{': may be '}'), 'after'
  let state: 'value' | 'first-value' | 'key' | 'first-key' | 'after' = 'value';
  const fail = (at: number, what: string): JsonTextResult => {
    const { line, column } = lineColumn(text, at);
    return { ok: false, message: `not valid JSON: ${what} at line ${line}, column ${column}` };
  };
  const skipString = (): number => {
    // i is at the opening quote; returns the offset after the closing quote, or -1 with `bad` set.
    let j = i + 1;
    for (;;) {
      if (j >= n) return -1;
      const c = text.charCodeAt(j);
      if (c === 34) return j + 1;
      if (c < 0x20) {
        bad = { at: j, what: `${describeChar(text[j])} inside a string (write a line break as \\n, a tab as \\t)` };
        return -2;
      }
      if (c === 92) {
        const e = text[j + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
            bad = { at: j, what: 'a \\u escape without four hexadecimal digits' };
            return -2;
          }
          j += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e)) {
          bad = { at: j, what: `an unknown escape \\${e ?? ''} (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)` };
          return -2;
        }
        j += 2;
        continue;
      }
      j++;
    }
  };
  let bad: { at: number; what: string } | undefined;
  const stringEnd = (): number | JsonTextResult => {
    const end = skipString();
    if (end === -1) return fail(n, 'the file ends inside a string (a closing " is missing)');
    if (end === -2) return fail(bad!.at, bad!.what);
    return end;
  };

  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    const c = text[i];
    if (state === 'value' || state === 'first-value') {
      if (state === 'first-value' && c === ']') {
        stack.pop();
        i++;
        state = 'after';
        continue;
      }
      if (c === '{' || c === '[') {
        if (stack.length >= maxDepth) {
          const { line, column } = lineColumn(text, i);
          return {
            ok: false,
            message: `nested more than ${maxDepth} levels deep at line ${line}, column ${column} (in ${showPath(framePath(stack))}); allowed: at most ${maxDepth} levels of objects and arrays`,
          };
        }
        stack.push({ object: c === '{', key: '', index: 0 });
        i++;
        state = c === '{' ? 'first-key' : 'first-value';
        continue;
      }
      if (c === '"') {
        const end = stringEnd();
        if (typeof end !== 'number') return end;
        i = end;
      } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m) return fail(i, `a malformed number`);
        i += m[0].length;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else return fail(i, `expected a value (a number, a string, true, false, null, an object or an array) but found ${describeChar(c)}`);
      state = 'after';
      continue;
    }
    if (state === 'key' || state === 'first-key') {
      if (state === 'first-key' && c === '}') {
        stack.pop();
        i++;
        state = 'after';
        continue;
      }
      if (c !== '"') return fail(i, `expected a double-quoted field name but found ${describeChar(c)}`);
      const start = i;
      const end = stringEnd();
      if (typeof end !== 'number') return end;
      stack[stack.length - 1].key = text.slice(start, end);
      i = end;
      while (i < n && /[ \t\r\n]/.test(text[i])) i++;
      if (text[i] !== ':') return fail(i, `expected ':' after the field name but found ${describeChar(text[i])}`);
      i++;
      state = 'value';
      continue;
    }
    // state === 'after'
    if (stack.length === 0) {
      if (i < n) return fail(i, `unexpected ${describeChar(c)} after the end of the JSON value`);
      break;
    }
    const top = stack[stack.length - 1];
    if (c === ',') {
      i++;
      if (top.object) state = 'key';
      else {
        top.index++;
        state = 'value';
      }
    } else if (c === (top.object ? '}' : ']')) {
      stack.pop();
      i++;
    } else return fail(i, `expected ',' or '${top.object ? '}' : ']'}' after ${top.object ? "a field's value" : 'an array element'} but found ${describeChar(c)}`);
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `not valid JSON: ${(err as Error).message}` };
  }
}

/**
 * The path of the first place where an in-memory value nests deeper than `maxDepth` objects and arrays, or
 * undefined. Iterative, so it is safe on any value (a cycle counts as too deep).
 */
export function findTooDeep(value: unknown, maxDepth: number = MAX_INPUT_DEPTH): string[] | undefined {
  interface Item {
    readonly value: unknown;
    readonly depth: number;
    readonly parent?: Item;
    readonly key: string;
  }
  const todo: Item[] = [{ value, depth: 0, key: '' }];
  while (todo.length) {
    const item = todo.pop()!;
    const v = item.value;
    if (typeof v !== 'object' || v === null) continue;
    if (item.depth >= maxDepth) {
      const path: string[] = [];
      for (let p: Item | undefined = item; p?.parent; p = p.parent) path.unshift(p.key);
      return path;
    }
    if (Array.isArray(v)) v.forEach((x, k) => todo.push({ value: x, depth: item.depth + 1, parent: item, key: String(k) }));
    else for (const [k, x] of Object.entries(v)) todo.push({ value: x, depth: item.depth + 1, parent: item, key: k });
  }
  return undefined;
}
