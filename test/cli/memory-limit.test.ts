// The memory a command may plan for (src/cli/memory-limit.ts): --memory-limit's sizes, the cgroup's limit
// (v2 and v1, "no limit" ignored), and the default share of the machine.
import { describe, expect, it } from 'vitest';
import { MEMORY_SAFETY_FRACTION, parseMemorySize, readCgroupLimit, resourceLimits } from '../../src/cli/memory-limit.js';
import { CliUsageError } from '../../src/cli/cli-io.js';

const GB = 2 ** 30;

describe('parseMemorySize', () => {
  it('reads sizes in powers of 1024, with or without a space, in any case', () => {
    expect([parseMemorySize('8GB'), parseMemorySize('512 MB'), parseMemorySize('1.5g'), parseMemorySize('2TiB'), parseMemorySize('4096')]).toEqual([8 * GB, 512 * 2 ** 20, 1.5 * GB, 2 * 2 ** 40, 4096]);
  });
  it('refuses what is not a size', () => {
    expect([parseMemorySize('lots'), parseMemorySize('8 parsecs'), parseMemorySize('-1GB'), parseMemorySize('0'), parseMemorySize('')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('readCgroupLimit', () => {
  const files = (map: Record<string, string>) => (path: string) => map[path];
  it("reads cgroup v2's memory.max of the process's own cgroup", () => {
    expect(readCgroupLimit(files({ '/proc/self/cgroup': '0::/user.slice/job-7\n', '/sys/fs/cgroup/user.slice/job-7/memory.max': '4294967296\n' }))).toBe(4 * GB);
  });
  it('ignores "max" and v1\'s "no limit" (a number near 2^63), and reads a v1 limit', () => {
    expect(readCgroupLimit(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/memory.max': 'max\n' }))).toBeUndefined();
    expect(readCgroupLimit(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n' }))).toBeUndefined();
    expect(readCgroupLimit(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '2147483648\n' }))).toBe(2 * GB);
  });
});

describe('resourceLimits', () => {
  it("defaults to a safe share of the machine's memory, or of a lower container limit", () => {
    const machine = resourceLimits(undefined, { total: 24 * GB });
    expect(machine.memoryBytes).toBe(24 * GB * MEMORY_SAFETY_FRACTION);
    expect(machine.memorySource).toBe("80% of this machine's 24 GB; set another with --memory-limit");
    const container = resourceLimits(undefined, { total: 24 * GB, cgroup: 2 * GB });
    expect(container.memoryBytes).toBe(2 * GB * MEMORY_SAFETY_FRACTION);
    expect(container.memorySource).toContain("80% of this container's limit of 2.0 GB");
    expect(resourceLimits(undefined, { total: 24 * GB, cgroup: 64 * GB }).memoryBytes).toBe(24 * GB * MEMORY_SAFETY_FRACTION);
  });
  it('takes --memory-limit as given, and refuses a size it cannot read', () => {
    expect(resourceLimits('8GB', { total: 24 * GB })).toMatchObject({ memoryBytes: 8 * GB, memorySource: '--memory-limit 8GB' });
    expect(() => resourceLimits('eight', { total: 24 * GB })).toThrow(CliUsageError);
    expect(resourceLimits('8GB').heapBytes).toBeGreaterThan(0);
  });
});
