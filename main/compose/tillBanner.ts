import type { CrmEmulator } from '../../sync/emulator';
import type { DeviceConfig } from '../../drivers/deviceConfig';
import type { RunningTill } from './startTill';

/** What `tillid start` prints: where the till is, how to call it, and in the demo what to try. */
export function printTillBanner(options: {
  print: (text: string) => void;
  running: RunningTill;
  dataDir: string;
  crm: CrmEmulator | undefined;
  demoScanner: DeviceConfig | undefined;
}): void {
  const { print, running, dataDir, crm, demoScanner } = options;
  const lines = [
    '',
    `Tillid is running.`,
    `  Cashier screen:  ${running.url}/#token=${running.token}`,
    `  Customer screen: ${running.url}/customer#token=${running.token}`,
    `  POS API:         ${running.url}/api/v1  (Authorization: Bearer ${running.token})`,
    `  Data directory:  ${dataDir}`,
    `  Profiles cached: ${running.cache.profiles.count()}`,
  ];
  if (crm) {
    lines.push(`  Emulated CRM:    ${crm.url}  (admin token ${crm.adminToken})`);
    lines.push('', 'Demo members to try (type in the cashier screen, or paste here and press Enter to scan):');
    for (const index of [0, 3, 1].filter((i) => i < crm.members)) {
      const m = crm.demoMember(index);
      const ids = [`phone ${m.phoneLocal}`, m.cardNumber ? `card ${m.cardNumber}` : null, m.email ? `email ${m.email}` : null, m.memberNumber ? `member no ${m.memberNumber}` : null];
      lines.push(`  ${m.firstName} (${m.tier}): ${ids.filter(Boolean).join(', ')}`);
    }
    lines.push(
      `  Manager screen PIN: 1234.  SMS codes for step-up: curl -s -H 'authorization: Bearer ${crm.adminToken}' '${crm.url}/admin/step-up/sms?phone=%2B46…'`,
      `  A member QR (valid 5 minutes): curl -s -X POST -H 'authorization: Bearer ${crm.adminToken}' ${crm.url}/admin/member-qr/${crm.demoMember(0).profileId}`,
    );
  }
  if (demoScanner && demoScanner.type === 'emulated-serial') {
    lines.push('', `Emulated serial scanner at ${demoScanner.link}: lines typed here are scanned through it.`);
  }
  lines.push(`Stop with Ctrl+C.`, '');
  print(`${lines.join('\n')}\n`);
}
