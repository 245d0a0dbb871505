// Writes a streamed document to stdout as the files' chunks arrive, waiting for the stream to drain
// when it is full (a pipe to a slow reader), so at most a chunk or two is held, whatever the output's size.
import type { Writable } from 'node:stream';
import { ENTRY_SEPARATOR } from '../core/outputs/report';

export class StreamedOutput {
  /** Whether any entry was written (the document's first entry loses its separator). */
  private wroteEntry = false;

  /** `separated`: each file's first chunk starts with ENTRY_SEPARATOR (JSON's files, SARIF's results). */
  constructor(private readonly stream: Writable, private readonly separated: boolean) {}

  get entries(): boolean { return this.wroteEntry; }

  /** Resolves when the stream can take more; undefined when it already can. */
  write(text: string): Promise<void> | undefined {
    if (text === '' || this.stream.write(text)) return undefined;
    return new Promise(resolve => this.stream.once('drain', resolve));
  }

  /** One file's chunks, in order. */
  async writeFile(chunks: Iterable<string>): Promise<void> {
    let first = this.separated;
    for (let chunk of chunks) {
      if (first) {
        if (!this.wroteEntry && chunk.startsWith(ENTRY_SEPARATOR)) chunk = chunk.slice(ENTRY_SEPARATOR.length);
        this.wroteEntry = true;
        first = false;
      }
      const wait = this.write(chunk);
      if (wait) await wait;
    }
  }
}
