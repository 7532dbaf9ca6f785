// The package's own name and version, read from its package.json, for manifests and file metadata.
// Part of output/ (Node only). The path works from src/output under vitest and from dist/output.
import { readFileSync } from 'node:fs';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

let cached: PackageInfo | undefined;

export function readPackageInfo(): PackageInfo {
  if (!cached) {
    const json = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    cached = { name: json.name, version: json.version };
  }
  return cached;
}
