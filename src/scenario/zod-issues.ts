// zod's issues turned into messages that name the bad value and what is allowed ("did you mean" hints for
// misspelt values and fields), shared by every input file validated with zod: trial designs, calibration
// targets and free parameters. Part of scenario/ (the errors of every input file speak alike).
import type { z } from 'zod';
import { describeUnknownKeys, show, suggest } from './errors.js';

/** One problem in a file: the dotted field path (empty for the whole file) and what is wrong. */
export interface FileIssue {
  readonly path: string;
  readonly message: string;
}

type AnyIssue = z.core.$ZodIssue & { input?: unknown };

/**
 * zod issues as {path, message} pairs whose messages name the bad value and what is allowed. `keysAt` maps an
 * object's path (numeric indices written as "*") to its allowed keys, for
 * "did you mean" hints on unknown fields.
 */
export function describeZodIssues(error: z.ZodError, keysAt: Readonly<Record<string, readonly string[]>> = {}): FileIssue[] {
  return (error.issues as AnyIssue[]).map((i): FileIssue => {
    const path = i.path.map(String).join('.');
    let message = i.message;
    if (i.code === 'invalid_type') message = `${show(i.input)} is not allowed; expected ${i.expected === 'int' ? 'an integer' : `a ${i.expected}`}`;
    else if (i.code === 'invalid_value') {
      const values = i.values.map((v) => show(v));
      const hint = typeof i.input === 'string' ? suggest(i.input, i.values.map(String)) : [];
      message = `${show(i.input)} is not allowed; ${hint.length ? `did you mean ${hint.map((h) => `"${h}"`).join(' or ')}? ` : ''}expected one of ${values.length > 12 ? `${values.slice(0, 12).join(', ')}, … (${values.length} in all)` : values.join(', ')}`;
    } else if (i.code === 'invalid_union' && 'discriminator' in i) {
      message = `${show(i.input)} is not allowed; ${i.message}`;
    } else if (i.code === 'too_small' || i.code === 'too_big') message = `${show(i.input)} is out of range: ${i.message.replace(/^Too (small|big): expected \w+ to (have |be )?/, '')}`;
    else if (i.code === 'invalid_format') message = `${show(i.input)} is not allowed; expected ${i.message.replace(/^Invalid string: /, '')}`;
    else if (i.code === 'unrecognized_keys') {
      const allowed = keysAt[i.path.map((p) => (typeof p === 'number' ? '*' : String(p))).join('.')];
      message = describeUnknownKeys(i.keys, allowed);
    } else if (i.code === 'custom') message = i.input === undefined ? i.message : `${show(i.input)} is not allowed; ${i.message}`;
    return { path, message };
  });
}
