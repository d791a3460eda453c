/**
 * Throwaway TLS material for broker tests, made with openssl at test time: a CA, a broker
 * certificate it signs for 127.0.0.1 and localhost (in a PKCS#12 keystore the broker reads), and
 * a second, unrelated CA for the wrong-CA cases.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files written by {@link makeTestCertificates}. */
export interface TestCertificates {
  /** PEM of the CA that signed the broker's certificate. */
  readonly caFile: string;
  /** PEM of a CA that signed nothing the broker presents. */
  readonly otherCaFile: string;
  /** PKCS#12 keystore with the broker's key and certificate chain. */
  readonly keystoreFile: string;
  readonly keystorePassword: string;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', [...args], { cwd, stdio: 'pipe', timeout: 30_000, killSignal: 'SIGKILL' });
}

function makeCa(dir: string, name: string, subject: string): void {
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.pem`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
}

/** Writes the CA, the other CA and the broker keystore into `dir` (which must exist). */
export function makeTestCertificates(dir: string): TestCertificates {
  const keystorePassword = 'test-keystore-secret';
  makeCa(dir, 'ca', '/CN=workos-kafka test CA');
  makeCa(dir, 'other-ca', '/CN=an unrelated CA');
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'broker.key', '-out', 'broker.csr'], dir);
  const extensions = join(dir, 'broker.ext');
  writeFileSync(extensions, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  openssl(
    ['x509', '-req', '-in', 'broker.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'broker.ext', '-out', 'broker.pem'],
    dir,
  );
  openssl(
    ['pkcs12', '-export', '-in', 'broker.pem', '-inkey', 'broker.key', '-certfile', 'ca.pem', '-name', 'broker', '-passout', `pass:${keystorePassword}`, '-out', 'broker.p12'],
    dir,
  );
  return { caFile: join(dir, 'ca.pem'), otherCaFile: join(dir, 'other-ca.pem'), keystoreFile: join(dir, 'broker.p12'), keystorePassword };
}
