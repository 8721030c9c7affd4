import { parsePhoneNumber } from 'libphonenumber-js';
import type { DeviceConfig } from '../../drivers/deviceConfig';
import { DEMO_SHARED_PHONE } from '../../hub/connectors/demo/demoSharedPhone';
import { DEFAULT_MEMBER_QR_TTL_SECONDS } from '../../hub/routes/adminKeyRoutes';
import type { DemoHub } from './demoHub';
import type { RunningTill } from './startTill';

/** What `tillid start` prints: where the till is, how to call it, and in the demo what to try. */
export function printTillBanner(options: {
  print: (text: string) => void;
  running: RunningTill;
  dataDir: string;
  demoHub: DemoHub | undefined;
  demoScanner: DeviceConfig | undefined;
}): void {
  const { print, running, dataDir, demoHub: hub, demoScanner } = options;
  const lines = [
    '',
    `Tillid is running.`,
    `  Cashier screen:  ${running.url}/#token=${running.token}`,
    `  Customer screen: ${running.url}/customer#token=${running.token}`,
    ...(hub ? [`  Fleet page:      ${hub.fleetUrl}  (the demo hub's; sign in with its admin token)`] : []),
    `  POS API:         ${running.url}/api/v1  (Authorization: Bearer ${running.token})`,
    `  Data directory:  ${dataDir}`,
    `  Profiles cached: ${running.cache.profiles.count()}`,
  ];
  if (hub) {
    lines.push(`  Tillid Hub:      ${hub.url}  (demo members, PGlite in ${hub.dataDir}; admin token ${hub.adminToken})`);
    lines.push('', 'Demo members to try (type in the cashier screen, or paste here and press Enter to scan):');
    for (const index of [0, 3, 1].filter((i) => i < hub.members)) {
      const m = hub.demoMember(index);
      const ids = [`phone ${m.phoneLocal}`, m.cardNumber ? `card ${m.cardNumber}` : null, m.email ? `email ${m.email}` : null, m.memberNumber ? `member no ${m.memberNumber}` : null];
      lines.push(`  ${m.firstName} (${m.tier}): ${ids.filter(Boolean).join(', ')}`);
    }
    // The first two members share it: the one way to see the till answer "several members" in the demo.
    if (hub.members >= 2) lines.push(`  Shared by two members (the till asks for another identifier): phone ${parsePhoneNumber(DEMO_SHARED_PHONE).formatNational()}`);
    lines.push(
      `  Manager screen PIN: 1234.  SMS codes for step-up: curl -s -H 'authorization: Bearer ${hub.adminToken}' '${hub.url}/admin/step-up/sms?phone=%2B46…'`,
      `  A member QR (valid ${DEFAULT_MEMBER_QR_TTL_SECONDS / 60} minutes): curl -s -X POST -H 'authorization: Bearer ${hub.adminToken}' ${hub.url}/admin/member-qr/${hub.demoMember(0).profileId}`,
    );
  }
  if (demoScanner && demoScanner.type === 'emulated-serial') {
    lines.push('', `Emulated serial scanner at ${demoScanner.link}: lines typed here are scanned through it, each answered with what the till made of it.`);
  }
  lines.push(`Stop with Ctrl+C.`, '');
  print(`${lines.join('\n')}\n`);
}
