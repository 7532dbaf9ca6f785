// Read a large text file line by line, synchronously, through a fixed buffer: merging shard folders walks
// several results.csv files side by side without holding any of them in memory. Part of sweep/ (Node only).
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export class LineReader {
  private readonly fd: number;
  private readonly buffer: Buffer;
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private lines: string[] = [];
  private next = 0;
  private ended = false;

  constructor(
    readonly file: string,
    bufferBytes = 1 << 20,
  ) {
    this.fd = openSync(file, 'r');
    this.buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** The next line without its "\n" (undefined at the end), left in place. */
  peek(): string | undefined {
    while (this.next >= this.lines.length) {
      if (this.ended) return undefined;
      this.fill();
    }
    return this.lines[this.next];
  }

  /** The next line without its "\n", or undefined at the end. */
  read(): string | undefined {
    const line = this.peek();
    if (line !== undefined) this.next++;
    return line;
  }

  close(): void {
    closeSync(this.fd);
  }

  private fill(): void {
    const n = readSync(this.fd, this.buffer, 0, this.buffer.length, null);
    let text: string;
    if (n === 0) {
      this.ended = true;
      text = this.pending + this.decoder.end();
      this.pending = '';
      this.lines = text.length ? [text] : [];
    } else {
      text = this.pending + this.decoder.write(this.buffer.subarray(0, n));
      const parts = text.split('\n');
      this.pending = parts.pop()!;
      this.lines = parts;
    }
    this.next = 0;
  }
}
