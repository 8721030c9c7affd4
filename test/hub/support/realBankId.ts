import { createBankIdRpClient } from '../../../hub/providers/bankIdRpClient';
import type { BankIdRelyingParty } from '../../../hub/providers/bankIdRelyingParty';
import { startBankIdStandIn } from '../../support/stepUpProviders/bankIdStandIn';
import type { BankIdStandIn } from '../../support/stepUpProviders/bankIdStandIn';
import { makeBankIdTestCertificates } from '../../support/stepUpProviders/testCertificates';
import { silentLogger } from './hubUnderTest';

/** BankID for a hub under test: the RP API v6 stand-in over mutual TLS (openssl-made certificates) and the hub's client. */
export interface RealBankId {
  standIn: BankIdStandIn;
  /** The hub's RP client, for `stepUpProviders.bankId`: the relying party's certificate, only the BankID CA trusted. */
  bankId: BankIdRelyingParty;
  /** Collects the stand-in answered so far. */
  collects(): number;
  /** Stops the stand-in and removes the certificates (the hub closes its client). */
  close(): Promise<void>;
}

export async function startRealBankId(timeoutMs = 500): Promise<RealBankId> {
  const certs = makeBankIdTestCertificates();
  try {
    const standIn = await startBankIdStandIn({ ...certs.server, clientCa: certs.rpCa });
    const bankId = createBankIdRpClient({ url: standIn.url, pfx: certs.clientP12, passphrase: certs.passphrase, ca: certs.bankIdCa, timeoutMs }, silentLogger);
    return {
      standIn, bankId,
      collects: () => standIn.calls.filter((c) => c.method === 'collect').length,
      close: async () => {
        await standIn.close();
        certs.remove();
      },
    };
  } catch (error) {
    certs.remove();
    throw error;
  }
}
