import type { Logger } from 'pino';
import type { OpenOutcome, PortBinding, PortSinks } from '../device/portBinding';
import type { HidBackend, HidHandle } from './hidBackend';
import { matchHidDevice, type HidCriteria } from './matchHidDevice';

export interface HidPortTarget {
  criteria: HidCriteria;
  /** Feature report to send after opening, if the scanner needs one to start. */
  enableReport?: Uint8Array | undefined;
  /** Added to the "next" of an open failure (e.g. why a keyboard cannot be read on this platform). */
  openFailureHint?: string | undefined;
}

/**
 * A HID device (HID-POS or keyboard wedge) through a HidBackend (node-hid, or the emulated bus). node-hid has no
 * plug events: the device life cycle polls by trying again, and an `error` on the open handle means unplugged.
 */
export function createHidPortBinding(target: HidPortTarget, hid: HidBackend, log: { logger: Logger; deviceId: string }): PortBinding {
  const wanted = describeCriteria(target.criteria);
  let where = wanted;

  async function close(handle: HidHandle): Promise<void> {
    await handle.close().catch(() => undefined);
  }

  return {
    rawKind: 'report',
    get where() {
      return where;
    },
    texts: {
      idle: (at) => `HID scanner ${at}`,
      connecting: () => `Looking for HID scanner ${wanted}`,
      online: (at) => `HID scanner ${at}`,
      retrying: (_state, message) => `HID scanner ${wanted} (${message})`,
      next: (delayMs) => `looking for ${wanted} again in ${delayMs} ms`,
    },
    async open(sinks: PortSinks): Promise<OpenOutcome> {
      let handle: HidHandle;
      try {
        const info = matchHidDevice(await hid.devices(), target.criteria);
        if (!info) return { kind: 'failed', state: 'offline', where: wanted, message: 'not connected' };
        where = `${wanted} on ${info.path}`;
        handle = await hid.open(info.path);
      } catch (error) {
        const message = errorText(error);
        const hint = target.openFailureHint ?? (/permission|access/i.test(message) ? ' (check hidraw permissions, see docs/hardware.md)' : '');
        return { kind: 'failed', state: 'error', where: `open ${where}`, message, hint };
      }
      let opened = false;
      let gone = false;
      handle.on('data', (report) => {
        if (opened && !gone) sinks.data(report);
      });
      handle.on('error', (error) => {
        log.logger.debug({ deviceId: log.deviceId, reason: error.message }, 'HID read failed');
        if (gone) return;
        gone = true;
        if (opened) sinks.gone('unplugged');
      });
      if (target.enableReport) {
        try {
          await handle.sendFeatureReport(target.enableReport);
        } catch (error) {
          await close(handle);
          return { kind: 'failed', state: 'error', where: `enable ${where}`, message: errorText(error) };
        }
      }
      if (gone) {
        // Unplugged while being enabled: as good as not there.
        await close(handle);
        return { kind: 'failed', state: 'offline', where, message: 'unplugged' };
      }
      opened = true;
      return { kind: 'open', port: { close: () => close(handle) } };
    },
  };
}

export function describeCriteria(c: HidCriteria): string {
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  if (c.vendorId !== undefined && c.productId !== undefined)
    return `${hex(c.vendorId)}:${hex(c.productId)}${c.serialNumber ? ` (serial ${c.serialNumber})` : ''}`;
  return c.path ?? 'unknown';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
