import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Everything a BankID test needs, made with openssl: two CA worlds, so each side can meet a stranger. */
export interface BankIdTestCertificates {
  /** The CA the hub pins (signs the stand-in's server certificate). */
  bankIdCa: Buffer;
  server: { key: Buffer; cert: Buffer };
  /** A server certificate from another CA: the hub must refuse it. */
  rogueServer: { key: Buffer; cert: Buffer };
  /** The CA the stand-in trusts for client certificates (BankID's RP CA). */
  rpCa: Buffer;
  /** The relying party's certificate and key (PKCS#12) and its passphrase. */
  clientP12: Buffer;
  passphrase: string;
  /** A client certificate from another CA: the stand-in must refuse it. */
  rogueClientP12: Buffer;
  /** Paths of the same files, for `tillid hub --bankid-*`. */
  files: { bankIdCa: string; clientP12: string };
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string, cn: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`,
    '-days', '2', '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

function makeLeaf(dir: string, name: string, ca: string, cn: string, extensions: string): void {
  writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`]);
}

/** Makes the certificates in a temporary folder (removed by `remove`). */
export function makeBankIdTestCertificates(): BankIdTestCertificates {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tillid-bankid-certs-'));
  const passphrase = 'rp-test-passphrase';
  const serverExt = 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n';
  const clientExt = 'extendedKeyUsage=clientAuth\n';
  makeCa(dir, 'bankid-ca', 'Test BankID Root CA v1 Test');
  makeCa(dir, 'rp-ca', 'Test BankID RP CA v1 Test');
  makeCa(dir, 'rogue-ca', 'Someone Else Root CA');
  makeLeaf(dir, 'server', 'bankid-ca', 'appapi2.test.bankid.com', serverExt);
  makeLeaf(dir, 'rogue-server', 'rogue-ca', 'appapi2.test.bankid.com', serverExt);
  makeLeaf(dir, 'client', 'rp-ca', 'FP Testcert 5', clientExt);
  makeLeaf(dir, 'rogue-client', 'rogue-ca', 'FP Testcert 5', clientExt);
  for (const name of ['client', 'rogue-client']) {
    openssl(dir, ['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-out', `${name}.p12`, '-passout', `pass:${passphrase}`]);
  }
  const read = (file: string): Buffer => readFileSync(path.join(dir, file));
  return {
    bankIdCa: read('bankid-ca.pem'),
    server: { key: read('server.key'), cert: read('server.pem') },
    rogueServer: { key: read('rogue-server.key'), cert: read('rogue-server.pem') },
    rpCa: read('rp-ca.pem'),
    clientP12: read('client.p12'),
    passphrase,
    rogueClientP12: read('rogue-client.p12'),
    files: { bankIdCa: path.join(dir, 'bankid-ca.pem'), clientP12: path.join(dir, 'client.p12') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
