// The lab's TLS certificates: self-signed (no CA), made with the openssl command, for fe_main's TLS bind. A
// long-lived one and one that expires in a few days, so that a certificate view has something to warn about.
// EC keys take milliseconds to make, and the pair is made once per process, in a temp dir of its own, then
// copied into each lab's dir: starting a lab stays about as fast as without TLS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface CertSpec {
  readonly file: string;
  readonly cn: string;
  readonly days: number;
  readonly dnsNames: readonly string[];
}

/** site.pem is fe_main's default certificate (first on the bind line); expiring.pem answers for its own name. */
export const LAB_CERTS = {
  site: { file: 'site.pem', cn: 'site.example.test', days: 365, dnsNames: ['site.example.test', 'www.example.test'] },
  expiring: { file: 'expiring.pem', cn: 'expiring.example.test', days: 5, dnsNames: ['expiring.example.test'] },
} as const satisfies Record<string, CertSpec>;

export interface LabCertFiles {
  /** Certificate then key in one PEM file, as HAProxy's `crt` takes it. */
  readonly site: string;
  readonly expiring: string;
}

interface EnsureOpensslModule {
  opensslPath(): string | undefined;
}

/** The same PATH lookup as `npm test`'s installer step (plain JS outside the compiled tree), without its test run. */
function opensslBinary(): string {
  const modulePath = path.join(__dirname, '../../../scripts/ensure-openssl.js');
  const ensure = require(modulePath) as EnsureOpensslModule;
  const found = ensure.opensslPath();
  if (found === undefined) {
    throw new Error(
      'The lab needs the openssl command to make its TLS certificates and none was found: install it with ' +
        '`sudo apt-get install -y openssl` (npm test installs it when run as root).',
    );
  }
  return found;
}

function run(bin: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // openssl req prints progress dots on stderr even when it succeeds: kept for the error message only.
    const proc = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: Buffer[] = [];
    proc.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    proc.once('error', (err) => reject(new Error(`cannot run ${bin}: ${err.message}`)));
    proc.once('close', (code, signal) => {
      const said = Buffer.concat(stderr).toString('utf8').trim();
      if (code === 0) resolve();
      else reject(new Error(`openssl ${args[0] ?? ''} failed (${code ?? signal}): ${said}`));
    });
  });
}

async function makeCert(bin: string, dir: string, spec: CertSpec): Promise<void> {
  const keyFile = path.join(dir, `${spec.file}.key`);
  const crtFile = path.join(dir, `${spec.file}.crt`);
  await run(bin, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', String(spec.days), '-subj', `/CN=${spec.cn}`,
    '-addext', `subjectAltName=${spec.dnsNames.map((name) => `DNS:${name}`).join(',')}`,
    '-keyout', keyFile, '-out', crtFile,
  ]);
  const pem = (await fs.promises.readFile(crtFile, 'utf8')) + (await fs.promises.readFile(keyFile, 'utf8'));
  await fs.promises.writeFile(path.join(dir, spec.file), pem, { mode: 0o600 });
}

let cacheDir: string | undefined;
let made: Promise<string> | undefined;

/** Removes the per-process pair. Synchronous, for the lab's exit and signal hooks. */
export function removeCertCacheSync(): void {
  if (cacheDir !== undefined) fs.rmSync(cacheDir, { recursive: true, force: true });
  cacheDir = undefined;
  made = undefined;
}

/** The pair, made at the first call of the process; a failed attempt is not remembered, so the next one retries. */
function cachedCerts(): Promise<string> {
  made ??= (async () => {
    const bin = opensslBinary();
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'hatop-lab-certs-'));
    cacheDir = dir;
    await Promise.all(Object.values(LAB_CERTS).map((spec) => makeCert(bin, dir, spec)));
    return dir;
  })().catch((err: unknown) => {
    removeCertCacheSync();
    throw err;
  });
  return made;
}

/** Copies the process's certificate pair into a lab's dir; their paths there are what the config names. */
export async function installLabCerts(labDir: string): Promise<LabCertFiles> {
  const from = await cachedCerts();
  const copy = async (spec: CertSpec): Promise<string> => {
    const to = path.join(labDir, spec.file);
    await fs.promises.copyFile(path.join(from, spec.file), to);
    return to;
  };
  const [site, expiring] = await Promise.all([copy(LAB_CERTS.site), copy(LAB_CERTS.expiring)]);
  return { site, expiring };
}
