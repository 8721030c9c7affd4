import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import os from 'node:os';
import path from 'node:path';
import { createHub, type Hub } from '../../../hub';
import { DEFAULT_POOL_SIZE } from '../../../hub/db/postgresDatabase';
import { createDemoConnector } from '../../../hub/connectors/demo/demoConnector';
import type { CrmConnector } from '../../../hub/connectors/crmConnector';
import { createVoyadoConnector } from '../../../hub/connectors/voyado/voyadoConnector';
import { VOYADO_WEBHOOK_PATH } from '../../../hub/routes/voyadoWebhookRoutes';
import { PREBUILT_FLEET_PAGE_DIR } from '../../../hub/fleetHost/fleetPageBundle';
import { RUNS_FROM_BUNDLE, TILLID_VERSION } from '../../version';
import { createLogger } from '../../log';
import { hubDatabaseUrl } from './hubDatabaseUrl';
import { registerHubImportCommand } from './hubImport';
import { registerHubSimulateCommand } from './hubSimulate';
import { untilStopSignal } from '../untilStopSignal';
import { addStepUpProviderOptions, stepUpProviderLines, stepUpProvidersFromFlags } from './hubStepUpFlags';
import type { StepUpProviderFlags } from './hubStepUpFlags';

function integer(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

interface HubFlags extends StepUpProviderFlags {
  database?: string;
  data: string;
  port: number;
  host: string;
  adminToken?: string;
  connector?: 'demo' | 'voyado';
  members: number;
  seed: number;
  crmChangesEvery: number;
  signupWaitHours: number;
  poolSize: number;
  voyadoUrl?: string;
  voyadoApiKey?: string;
  voyadoContactType: string;
  voyadoConsentId: Record<string, string>;
  voyadoWebhookSecret?: string;
}

/** `--voyado-consent-id terms=memberTerms`, repeatable: a till's consent purpose and the tenant's consent id for it. */
function consentIdPair(value: string, previous: Record<string, string>): Record<string, string> {
  const match = /^([A-Za-z][\w.-]{0,49})=(\S{1,100})$/.exec(value);
  if (!match) throw new InvalidArgumentError('give <purpose>=<Voyado consent id>, e.g. terms=memberTerms');
  return { ...previous, [match[1] as string]: match[2] as string };
}

/** A flag or its environment variable; neither value is ever quoted in a message. */
function secret(flag: string | undefined, env: string): string | undefined {
  const fromEnv = process.env[env];
  return flag ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
}

/** The voyado connector from the flags; the key goes to the connector only, never to a message or a log. */
function voyadoConnector(flags: HubFlags): CrmConnector {
  if (flags.voyadoUrl === undefined || !/^https?:\/\/\S+$/.test(flags.voyadoUrl)) throw new Error('--connector voyado needs --voyado-url https://<tenant>.voyado.com');
  const apiKey = secret(flags.voyadoApiKey, 'TILLID_VOYADO_API_KEY');
  if (apiKey === undefined) throw new Error('--connector voyado needs --voyado-api-key (or TILLID_VOYADO_API_KEY)');
  return createVoyadoConnector({ baseUrl: flags.voyadoUrl, apiKey, contactType: flags.voyadoContactType, consentIds: flags.voyadoConsentId, version: TILLID_VERSION });
}

/** `tillid hub`: the central service every till syncs with, until Ctrl-C. */
/** What the banner says of the admin token beside it: where it is kept, or that it holds for this process only. */
function adminTokenNote(hub: Hub): string {
  if (hub.adminTokenSource === 'given') return '';
  if (hub.parts.db.engine === 'pglite') return '  (kept in the data directory: the same at every start)';
  return '  (made for this process only: give every hub process on this database the same --admin-token or TILLID_HUB_ADMIN_TOKEN)';
}

export function registerHubCommand(program: Command): void {
  const hub = program.command('hub');
  registerHubSimulateCommand(hub);
  registerHubImportCommand(hub);
  hub
    .description('run the Tillid Hub: sync protocol v1 for every till of a retailer, on PostgreSQL (or embedded PGlite without --database)')
    .option('--database <url>', 'PostgreSQL connection string (or set TILLID_HUB_DATABASE_URL); without it, PGlite in --data')
    .option('--data <dir>', 'data directory of the embedded database (PGlite)', path.join(os.homedir(), '.tillid', 'hub'))
    .option('--port <port>', 'TCP port (0 picks one)', integer('--port', 0, 65535), 7440)
    .option('--host <address>', 'address to listen on (a load balancer in front reaches this)', '127.0.0.1')
    .option('--admin-token <token>', 'bearer token for the admin API (or set TILLID_HUB_ADMIN_TOKEN, which ps does not show); absent: kept in --data on PGlite, made per process on PostgreSQL')
    .addOption(new Option('--connector <name>', 'the CRM behind the hub (demo: deterministic demo members; voyado: Voyado Engage)').choices(['demo', 'voyado']))
    .option('--members <n>', 'demo connector: members of the demo CRM', integer('--members', 0, 10_000_000), 1000)
    .option('--seed <s>', 'demo connector: seed of the demo members', integer('--seed', 0, 2 ** 31 - 1), 1)
    .option('--pool-size <n>', 'PostgreSQL connections this hub process keeps', integer('--pool-size', 1, 500), DEFAULT_POOL_SIZE)
    .option('--crm-changes-every <seconds>', "how often one hub process asks the CRM for changed members (0: never)", integer('--crm-changes-every', 0, 86_400), 30)
    .option('--signup-wait-hours <hours>', "how long a receipt or consent waits for a sign-up the hub never received before it fails (signup_never_arrived)", integer('--signup-wait-hours', 1, 24 * 90), 24)
    .option('--voyado-url <url>', 'voyado connector: the tenant\'s API root, e.g. https://retailer.voyado.com')
    .option('--voyado-api-key <key>', 'voyado connector: the API key (or set TILLID_VOYADO_API_KEY, which ps does not show)')
    .option('--voyado-contact-type <type>', 'voyado connector: the contact type of members', 'Member')
    .option('--voyado-consent-id <purpose=id>', "voyado connector: the tenant's consent id for a till's consent purpose, e.g. terms=memberTerms (repeatable)", consentIdPair, {})
    .option('--voyado-webhook-secret <secret>', `voyado connector: the whsec_… secret of the webhook endpoint ${VOYADO_WEBHOOK_PATH} (or TILLID_VOYADO_WEBHOOK_SECRET)`)
    .action(async (flags: HubFlags) => {
      const logger = createLogger();
      const url = hubDatabaseUrl(flags.database);
      const demo = flags.connector === 'demo' ? createDemoConnector({ members: flags.members, seed: flags.seed }) : undefined;
      const voyado = flags.connector === 'voyado' ? voyadoConnector(flags) : undefined;
      const webhookSecret = secret(flags.voyadoWebhookSecret, 'TILLID_VOYADO_WEBHOOK_SECRET');
      if (webhookSecret !== undefined && !voyado) throw new Error('--voyado-webhook-secret needs --connector voyado');
      const stepUpProviders = stepUpProvidersFromFlags(flags, process.env, logger);
      const hub = await createHub({
        databaseUrl: url, poolSize: flags.poolSize, dataDir: path.resolve(flags.data), port: flags.port, host: flags.host, adminToken: secret(flags.adminToken, 'TILLID_HUB_ADMIN_TOKEN'), logger, connector: demo ?? voyado, stepUpProviders,
        ...(webhookSecret === undefined ? {} : { voyadoWebhook: { secret: webhookSecret } }),
        changePoll: { intervalMs: flags.crmChangesEvery * 1000 },
        delivery: { signupWaitMs: flags.signupWaitHours * 3_600_000 },
        // The built command ships no esbuild: it serves the fleet page `npm run build` made beside it.
        ...(RUNS_FROM_BUNDLE ? { fleetPageDir: PREBUILT_FLEET_PAGE_DIR } : {}),
      });
      const lines = [
        `Tillid Hub listening on ${hub.url}  (${hub.parts.db.engine === 'postgres' ? 'PostgreSQL' : `PGlite in ${path.resolve(flags.data)}`})`,
        `admin token: ${hub.adminToken}${adminTokenNote(hub)}`,
        `fleet page: ${hub.url}/fleet/  (sign in with the admin token)`,
        `a code to enrol a till: curl -s -X POST -H "Authorization: Bearer <admin token>" ${hub.url}/admin/enrolment-codes`,
      ];
      lines.push(...stepUpProviderLines(stepUpProviders));
      if (demo) {
        lines.push(`demo connector: ${demo.members.toLocaleString('en')} demo members (seed ${demo.seed}), for example:`);
        for (let i = 0; i < Math.min(3, demo.members); i++) {
          const m = demo.member(i);
          lines.push(`  ${m.profileId} ${m.firstName} ${m.lastName}: ${m.phoneLocal}`);
        }
      }
      if (voyado) {
        lines.push(`voyado connector: ${flags.voyadoUrl ?? ''} (contact type ${flags.voyadoContactType}, at most 50 requests/s)`);
        lines.push(webhookSecret === undefined ? 'voyado webhooks: off (no --voyado-webhook-secret)' : `voyado webhooks: ${hub.url}${VOYADO_WEBHOOK_PATH}`);
      }
      lines.push('Stop with Ctrl+C');
      console.log(lines.join('\n'));
      await untilStopSignal();
      await hub.close();
    });
  addStepUpProviderOptions(hub);
}
