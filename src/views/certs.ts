// CERTS (9): every certificate HAProxy holds (`show ssl cert`), with subject, names, issuer and expiry, the
// soonest to expire first; those within the warning threshold are marked, expired ones as a problem. A
// certificate's details are read once a minute at most: they change only when someone commits a new one.
import { daysLeft, parseCertDetail, parseCertList, type CertInfo } from '../stats/certs';
import { col, pathCol, refused, refusalOf } from './common';
import type { Reader, RuntimeRow, RuntimeTable, RuntimeViewDef, ViewContext } from './types';

const DETAIL_MS = 60_000;

// The issuer last: on a narrow terminal it is the first to go.
const COLUMNS = [col('DAYS', 4, 5, 'right'), col('NOT AFTER', 10, 10), col('SUBJECT', 12, 28), col('NAMES', 12, 36, 'left', 'text', true), pathCol('FILE', 14, 30), col('ISSUER', 10, 24)];

interface Known {
  readonly cert: CertInfo | undefined;
  readonly error: string | undefined;
  readonly at: number;
}

const day = (d: Date | undefined): string => (d === undefined ? '-' : d.toISOString().slice(0, 10));

async function read(readLines: Reader, ctx: ViewContext): Promise<{ table: RuntimeTable; certs: { file: string; cert: CertInfo | undefined; error: string | undefined }[] }> {
  const listed = await readLines('show ssl cert');
  const refusal = refusalOf('show ssl cert', listed);
  if (refusal !== undefined) return { table: refused('CERTS', refusal, COLUMNS), certs: [] };
  const now = ctx.now.getTime();
  const certs: { file: string; cert: CertInfo | undefined; error: string | undefined }[] = [];
  for (const { file } of parseCertList(listed.text)) {
    const memo = ctx.memo.get(file) as Known | undefined;
    let known = memo;
    if (known === undefined || now - known.at > DETAIL_MS) {
      const command = `show ssl cert ${file}`;
      const detail = await readLines(command);
      const error = refusalOf(command, detail);
      known = { cert: error === undefined ? parseCertDetail(detail.text) : undefined, error, at: now };
      ctx.memo.set(file, known);
    }
    certs.push({ file, cert: known.cert, error: known.error });
  }
  const days = (c: (typeof certs)[number]): number => (c.cert === undefined ? Number.POSITIVE_INFINITY : (daysLeft(c.cert, ctx.now) ?? Number.POSITIVE_INFINITY));
  certs.sort((a, b) => days(a) - days(b) || a.file.localeCompare(b.file));
  const expiring = certs.filter((c) => days(c) <= ctx.certWarnDays).length;
  const rows = certs.map((c): RuntimeRow => {
    const left = c.cert === undefined ? undefined : daysLeft(c.cert, ctx.now);
    const tone = left === undefined ? undefined : left < 0 ? ('bad' as const) : left <= ctx.certWarnDays ? ('warn' as const) : undefined;
    const cells = c.cert === undefined ? ['-', '-', c.error ?? 'unreadable', '', c.file, ''] : [left === undefined ? '-' : String(left), day(c.cert.notAfter), c.cert.subject ?? '', c.cert.sans.join(' '), c.file, c.cert.issuer ?? ''];
    return { key: c.file, cells, ...(tone === undefined ? {} : { tone }) };
  });
  const title = `CERTS (${certs.length}; ${expiring} expired or expiring within ${ctx.certWarnDays} days)`;
  return { table: { title, columns: COLUMNS, rows }, certs };
}

export const CERTS: RuntimeViewDef = {
  kind: 'runtime',
  mode: 9,
  name: 'CERTS',
  called: 'the certificates view',
  description: 'Certificates view: names, issuer and expiry, the soonest to expire first',
  load: async (readLines, ctx) => (await read(readLines, ctx)).table,
  dump: async (readLines, ctx) => {
    const { table, certs } = await read(readLines, ctx);
    const json = certs.map(({ file, cert, error }) =>
      cert === undefined
        ? { file, error: error ?? 'unreadable' }
        : { file, daysLeft: daysLeft(cert, ctx.now) ?? null, notBefore: cert.notBefore?.toISOString() ?? null, notAfter: cert.notAfter?.toISOString() ?? null, subject: cert.subject ?? null, names: cert.sans, issuer: cert.issuer ?? null, serial: cert.serial ?? null, status: cert.status ?? null },
    );
    return { tables: [table], json: { warnDays: ctx.certWarnDays, certificates: json, ...(table.refusal === undefined ? {} : { error: table.refusal }) } };
  },
  actions: {},
};
