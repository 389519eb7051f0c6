// `show ssl cert` -> the certificate files HAProxy holds; `show ssl cert <file>` -> one certificate. Pure.
//
// The list (2.2+) is sections: `# transaction` with the file of an uncommitted `set ssl cert` prefixed by '*',
// then `# filename` with every file (that one included, without the '*'):
//   # transaction
//   *DIR/site.pem
//   # filename
//   DIR/expiring.pem
//   DIR/site.pem
// Only in the transaction section does '*' mean anything: a file may itself be called `*.example.pem`.
// 2.2 lists a multi-cert bundle as `DIR/b.pem: DIR/b.pem.ecdsa DIR/b.pem.rsa`.
//
// The detail is `Name: value` lines. 2.6:
//   Filename: DIR/site.pem          ('*DIR/site.pem' for the transaction's copy)
//   Status: Used                    (Empty, Unused, Used; 3.2+: Uncommitted; 3.3+: Used for JWT verification)
//   Serial: 6A90ACAD...
//   notBefore: Nov 28 23:09:03 2026 GMT
//   notAfter: Dec  3 23:09:03 2026 GMT
//   Subject Alternative Name: DNS:site.example.test, DNS:www.site.example.test,     (only DNS names are printed,
//                                                     but every other name still adds a ", ": IP SANs leave ", ")
//   Algorithm: EC256
//   SHA1 FingerPrint: 0EAC612A...
//   Subject: /C=FR/O=Example Lab/CN=site.example.test
//   Issuer: /C=FR/O=Example Lab/CN=site.example.test
//   OCSP Response Key:              (empty without an OCSP responder URL)
// with `Chain Filename:` before Serial (issuers-chain-path), a `Chain Subject:`/`Chain Issuer:` pair per chain
// certificate after Issuer; 3.2+ add `Crt filename:`, `Key filename:`, `OCSP filename:`... after Filename, 3.3+
// `Option: ocsp-update off` and `Option: jwt off` lines. So every line is kept by name (a repeated name keeps
// its first value: the chain's pairs are in `chain`).

export interface CertListEntry {
  readonly file: string;
  /** An uncommitted `set ssl cert` transaction exists for this file. */
  readonly pending: boolean;
}

export interface CertInfo {
  /** Without the '*' that marks a transaction's copy. */
  readonly file: string;
  /** This is the uncommitted transaction's copy (`show ssl cert *<file>`). */
  readonly pending?: boolean;
  readonly status: string | undefined;
  readonly serial: string | undefined;
  readonly notBefore: Date | undefined;
  readonly notAfter: Date | undefined;
  readonly subject: string | undefined;
  readonly issuer: string | undefined;
  /** 'Subject Alternative Name: DNS:a, DNS:b' -> ['DNS:a','DNS:b'] (empty when blank). */
  readonly sans: readonly string[];
  readonly algorithm: string | undefined;
  readonly sha1: string | undefined;
  /** The chain HAProxy sends after the certificate, one subject/issuer pair per certificate. */
  readonly chain?: readonly { readonly subject: string; readonly issuer: string | undefined }[];
  /** Every 'Name: value' line; a repeated name keeps its first value. */
  readonly fields: ReadonlyMap<string, string>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** OpenSSL's ASN1_TIME_print(): 'Dec  3 23:09:03 2026 GMT', fractions of a second for some generalized times. */
const ASN1_TIME = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)? (\d{4}) GMT$/;
const DAY_MS = 86_400_000;

/** `show ssl cert`: the file names (a leading '*' marks an uncommitted transaction: strip it, and say so with `pending`). */
export function parseCertList(text: string): CertListEntry[] {
  type Section = 'none' | 'transaction' | 'filename';
  let section: Section = 'none';
  const listed: string[] = [];
  const pending = new Set<string>();
  for (const line of lines(text)) {
    if (line.trim() === '') continue;
    if (line.startsWith('# ')) {
      const name = line.slice(2).trim();
      section = name === 'transaction' ? 'transaction' : name === 'filename' ? 'filename' : 'none';
      continue;
    }
    switch (section) {
      case 'transaction':
        pending.add(fileName(line.startsWith('*') ? line.slice(1) : line));
        break;
      case 'filename':
        listed.push(fileName(line));
        break;
      case 'none':
        break;
    }
  }
  // HAProxy's order, each file once; a transaction's file missing from the list (never seen so far) goes last.
  const files = [...new Set([...listed, ...pending])];
  return files.map((file) => ({ file, pending: pending.has(file) }));
}

/** `show ssl cert <file>` (the first certificate block; chain certs that follow are ignored). */
export function parseCertDetail(text: string): CertInfo {
  const fields = new Map<string, string>();
  const chain: { subject: string; issuer: string | undefined }[] = [];
  let files = 0;
  for (const line of lines(text)) {
    if (line.trim() === '') {
      if (fields.size > 0) break;
      continue;
    }
    const sep = line.indexOf(':');
    if (sep <= 0) continue;
    const name = line.slice(0, sep);
    const value = line.slice(sep + 1).trim();
    if (name === 'Filename' && ++files > 1) break;
    if (name === 'Chain Subject') chain.push({ subject: value, issuer: undefined });
    else if (name === 'Chain Issuer') {
      const last = chain[chain.length - 1];
      if (last !== undefined && last.issuer === undefined) last.issuer = value;
    }
    if (!fields.has(name)) fields.set(name, value);
  }
  const rawFile = fields.get('Filename') ?? '';
  const pending = rawFile.startsWith('*');
  return {
    file: pending ? rawFile.slice(1) : rawFile,
    pending,
    status: fields.get('Status'),
    serial: fields.get('Serial'),
    notBefore: asn1Date(fields.get('notBefore')),
    notAfter: asn1Date(fields.get('notAfter')),
    subject: fields.get('Subject'),
    issuer: fields.get('Issuer'),
    sans: (fields.get('Subject Alternative Name') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    algorithm: fields.get('Algorithm'),
    sha1: fields.get('SHA1 FingerPrint'),
    chain,
    fields,
  };
}

/** Whole days from `now` to notAfter (negative when expired), undefined without a date. */
export function daysLeft(cert: CertInfo, now: Date): number | undefined {
  if (cert.notAfter === undefined) return undefined;
  return Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
}

/** 'Dec  3 23:09:03 2026 GMT' -> that instant; undefined for anything else. */
export function asn1Date(text: string | undefined): Date | undefined {
  const m = ASN1_TIME.exec(text ?? '');
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month < 0) return undefined;
  return new Date(Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
}

/** 2.2's bundle line `b.pem: b.pem.ecdsa b.pem.rsa` names `b.pem`; any other line is the file name itself. */
function fileName(line: string): string {
  const m = /^(.+): (.+)$/.exec(line);
  if (m && (m[2] ?? '').split(' ').every((part) => part.startsWith(`${m[1] ?? ''}.`))) return m[1] ?? '';
  return line;
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}
