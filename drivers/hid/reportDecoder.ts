/** What a report decoder (HID-POS or keyboard wedge) makes of the reports of one device. */
export type DecodedOutput =
  | { kind: 'frame'; text: string; raw: Uint8Array; aimId?: string; firstAt: number; lastAt: number }
  | { kind: 'error'; code: ReportErrorCode; discardedBytes: number; at: number };

/** `bad-report`: a report of the wrong length or with impossible fields; the rest as for serial framing. */
export type ReportErrorCode = 'oversize' | 'incomplete' | 'bad-report';

export interface ReportDecoder {
  push(report: Uint8Array, at: number): DecodedOutput[];
  silence(at: number): DecodedOutput[];
  hasPending(): boolean;
}

/** Collects the raw reports of the frame being decoded, for diagnostics, up to a bound. */
export class RawCollector {
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  add(bytes: Uint8Array): void {
    if (this.size + bytes.length > this.limit) return;
    this.chunks.push(bytes.slice());
    this.size += bytes.length;
  }

  take(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    this.clear();
    return out;
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}
