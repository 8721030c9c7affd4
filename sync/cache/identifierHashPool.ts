import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { IDENTIFIER_HASH_BYTES, createIdentifierHasher, identifierHashInput } from './identifierHasher';
import type { IdentifierKind } from './types';

interface PendingRequest {
  inputs: Array<[IdentifierKind, string]>;
  resolve: (hashes: Buffer) => void;
}

type WorkerReply = { id: number; hashes: ArrayBuffer } | { id: number; failed: true };

/**
 * Hashes batches of identifiers on a worker thread, so a bulk load inserts page N while page N+1 is hashed.
 * Results come back as one buffer of 16-byte hashes in input order.
 *
 * If the worker cannot start or dies (a bundle without hashWorker.mjs, a key longer than 64 bytes), every batch,
 * including those in flight, is hashed on the calling thread instead: slower, never wrong, never lost.
 */
export class IdentifierHashPool {
  private readonly hasher;
  private readonly pending = new Map<number, PendingRequest>();
  private worker: Worker | null = null;
  private nextId = 1;

  constructor(key: Buffer, private readonly logger?: Logger) {
    this.hasher = createIdentifierHasher(key);
    if (key.length > 64) return;
    try {
      const worker = new Worker(new URL('./hashWorker.mjs', import.meta.url), {
        workerData: { role: 'tillid-identifier-hash', key: new Uint8Array(key) },
      });
      worker.on('message', (reply: WorkerReply) => this.onReply(reply));
      worker.on('error', (error) => this.degrade(error));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.degrade(new Error(`hash worker exited with code ${code}`));
      });
      worker.unref();
      this.worker = worker;
    } catch (error) {
      this.degrade(error);
    }
  }

  /** True while hashing runs on the worker thread. */
  get parallel(): boolean {
    return this.worker !== null;
  }

  hash(inputs: Array<[IdentifierKind, string]>): Promise<Buffer> {
    if (inputs.length === 0) return Promise.resolve(Buffer.alloc(0));
    const worker = this.worker;
    if (!worker) return Promise.resolve(this.hashHere(inputs));
    return new Promise<Buffer>((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { inputs, resolve });
      worker.ref();
      worker.postMessage({ id, inputs: inputs.map(([kind, value]) => identifierHashInput(kind, value)) });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.drainHere();
    if (worker) await worker.terminate();
  }

  private onReply(reply: WorkerReply): void {
    const request = this.pending.get(reply.id);
    if (!request) return;
    this.pending.delete(reply.id);
    request.resolve('failed' in reply ? this.hashHere(request.inputs) : Buffer.from(reply.hashes));
    if (this.pending.size === 0) this.worker?.unref();
  }

  private degrade(error: unknown): void {
    if (this.worker) {
      const worker = this.worker;
      this.worker = null;
      void worker.terminate();
    }
    // The error is about the worker (a missing file, an exit code), never about an identifier.
    this.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'identifier hash worker unavailable; hashing on the main thread');
    this.drainHere();
  }

  private drainHere(): void {
    for (const [id, request] of this.pending) {
      this.pending.delete(id);
      request.resolve(this.hashHere(request.inputs));
    }
  }

  private hashHere(inputs: Array<[IdentifierKind, string]>): Buffer {
    const out = Buffer.allocUnsafe(inputs.length * IDENTIFIER_HASH_BYTES);
    inputs.forEach(([kind, value], i) => this.hasher.hash(kind, value).copy(out, i * IDENTIFIER_HASH_BYTES));
    return out;
  }
}
