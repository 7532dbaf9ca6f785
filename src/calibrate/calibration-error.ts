// The typed error for calibration input the user can fix: a bad field in a targets or free-parameters file,
// a parameter path the scenario does not have, a prior outside the parameter's declared range, a results
// folder holding another calibration. Part of calibrate/. Like ScenarioError, every message names the file,
// the field, the bad value and what is allowed.
import type { z } from 'zod';
import { formatIssues, show, suggest } from '../scenario/errors.js';

export interface CalibrationIssue {
  /** Dotted field path in the file, e.g. targets.2.scale; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export class CalibrationError extends Error {
  readonly file: string;
  readonly issues: readonly CalibrationIssue[];
  constructor(file: string, issues: readonly CalibrationIssue[] | string, what = 'calibration file') {
    const list = typeof issues === 'string' ? [{ path: '', message: issues }] : issues;
    super(formatIssues(file, list, what, true));
    this.name = 'CalibrationError';
    this.file = file;
    this.issues = list;
  }
}

type AnyIssue = z.core.$ZodIssue & { input?: unknown };

/**
 * zod issues as CalibrationIssues whose messages name the bad value and what is allowed (the same wording as
 * trial designs). `keysAt` maps an object's path (numeric indices written as "*") to its allowed keys, for
 * "did you mean" hints on unknown fields.
 */
export function issuesFromZod(error: z.ZodError, keysAt: Readonly<Record<string, readonly string[]>>): CalibrationIssue[] {
  return (error.issues as AnyIssue[]).map((i): CalibrationIssue => {
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
      const hints = i.keys.map((k) => {
        const s = allowed ? suggest(k, allowed) : [];
        return s.length ? `"${k}" (did you mean ${s.map((x) => `"${x}"`).join(' or ')}?)` : `"${k}"`;
      });
      message = `unknown field${i.keys.length > 1 ? 's' : ''} ${hints.join(', ')}${allowed ? `; allowed: ${allowed.join(', ')}` : ''}`;
    } else if (i.code === 'custom') message = i.input === undefined ? i.message : `${show(i.input)} is not allowed; ${i.message}`;
    return { path, message };
  });
}
