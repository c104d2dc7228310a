/** Reading a .canopy file in chunks: progress, cancel, and the same refusals as in one piece. */
import { describe, expect, it } from 'vitest';
import {
  CanopyFileError,
  readCanopyFile,
  readCanopyFileStream,
  type FileProblem,
  type StreamOptions,
} from '../../../shared/files/container';
import { example } from './example-file';

const exampleFile = () => example().bytes;

/** The bytes in chunks of `size`, counting how many were pulled. */
function chunked(bytes: Uint8Array, size: number) {
  const source = { pulled: 0 };
  const chunks = (async function* () {
    for (let i = 0; i < bytes.length; i += size) {
      source.pulled++;
      yield bytes.slice(i, i + size);
    }
  })();
  return { chunks, source };
}

async function problem(
  bytes: Uint8Array,
  size = bytes.length,
  options: StreamOptions = {},
): Promise<FileProblem | 'none'> {
  try {
    await readCanopyFileStream(chunked(bytes, 97).chunks, size, options);
    return 'none';
  } catch (e) {
    if (e instanceof CanopyFileError) return e.problem;
    throw e;
  }
}

describe('readCanopyFileStream', () => {
  it('reads what readCanopyFile reads, whatever the chunk size, and reports progress', async () => {
    const bytes = exampleFile();
    const whole = readCanopyFile(bytes);
    for (const size of [1, 13, 4096, bytes.length]) {
      const progress: number[] = [];
      const read = await readCanopyFileStream(chunked(bytes, size).chunks, bytes.length, {
        onProgress: (done, total) => {
          expect(total).toBe(bytes.length);
          progress.push(done);
        },
      });
      expect(read.header).toEqual(whole.header);
      expect(read.update).toEqual(whole.update);
      expect(progress.at(-1)).toBe(bytes.length);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
    }
  });

  it('stops reading when cancelled, and says so', async () => {
    const bytes = exampleFile();
    const { chunks, source } = chunked(bytes, 64);
    let seen = 0;
    const error = await readCanopyFileStream(chunks, bytes.length, {
      onProgress: () => seen++,
      cancelled: () => seen >= 3,
    }).catch((e: unknown) => e);
    expect((error as CanopyFileError).problem).toBe('cancelled');
    expect((error as Error).message).toContain('Nothing was changed');
    expect(source.pulled).toBe(4);
  });

  it('refuses a foreign file from its first chunk, without reading the rest', async () => {
    const foreign = new TextEncoder().encode('PK\u0003\u0004'.padEnd(10_000, 'x'));
    const { chunks, source } = chunked(foreign, 100);
    await expect(readCanopyFileStream(chunks, foreign.length)).rejects.toMatchObject({
      problem: 'notCanopy',
    });
    expect(source.pulled).toBe(1);
  });

  it('refuses a file too large by its size alone, reading nothing', async () => {
    const { chunks, source } = chunked(exampleFile(), 100);
    await expect(
      readCanopyFileStream(chunks, 600 * 1024 * 1024, { maxBytes: 512 * 1024 * 1024 }),
    ).rejects.toMatchObject({ problem: 'tooLarge' });
    expect(source.pulled).toBe(0);
  });

  it('says truncated when fewer bytes arrive than the file’s size, and damaged when one changed', async () => {
    const bytes = exampleFile();
    expect(await problem(bytes.slice(0, bytes.length - 10), bytes.length)).toBe('truncated');
    const damaged = bytes.slice();
    damaged[200]! ^= 0xff;
    expect(await problem(damaged)).toBe('corrupted');
  });

  it('reports a failed document check (in a worker, in the app) as a damaged file', async () => {
    const bytes = exampleFile();
    expect(
      await problem(bytes, bytes.length, {
        checkDocument: () => Promise.reject(new Error('decoder gave up')),
      }),
    ).toBe('corrupted');
  });
});
