// `show ssl cert` and `show ssl cert <file>`. Recorded from HAProxy 2.6.12 (test/fixtures/views-lab-2.6.cfg,
// two self-signed certificates made with openssl the same day: site.pem, EC, a year, DNS and IP SANs;
// expiring.pem, RSA, 5 days, no SAN): the list, both details, and with a `set ssl cert` transaction open the list
// (show-ssl-cert-pending-2.6.txt) and `show ssl cert *DIR/site.pem` (show-ssl-cert-detail-pending-2.6.txt).
// Reconstructed from HAProxy's source: show-ssl-cert-2.2.txt (a multi-cert bundle line) and
// show-ssl-cert-detail-3.3.txt (a crt-store certificate: Crt/Key filename, Option lines, a chain, an OCSP key).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asn1Date, daysLeft, parseCertDetail, parseCertList } from '../../src/stats/certs';
import { readFixture } from '../support/fixtures';

describe('parseCertList', () => {
  test('2.6, recorded', () => {
    assert.deepEqual(parseCertList(readFixture('show-ssl-cert-2.6.txt')), [
      { file: 'DIR/expiring.pem', pending: false },
      { file: 'DIR/site.pem', pending: false },
    ]);
  });

  test('2.6 with a transaction open, recorded: each file once, the listing order kept', () => {
    assert.deepEqual(parseCertList(readFixture('show-ssl-cert-pending-2.6.txt')), [
      { file: 'DIR/expiring.pem', pending: false },
      { file: 'DIR/site.pem', pending: true },
    ]);
  });

  test("2.2 bundle, reconstructed: named by its base file", () => {
    assert.deepEqual(parseCertList(readFixture('show-ssl-cert-2.2.txt')), [
      { file: 'DIR/bundle.pem', pending: false },
      { file: 'DIR/site.pem', pending: false },
    ]);
  });

  test("'*' only means pending in the transaction section; CRLF; a transaction-only file goes last", () => {
    const text = '# transaction\r\n*new.pem\r\n# filename\r\n*.example.pem\r\na.pem\r\n\r\n';
    assert.deepEqual(parseCertList(text), [
      { file: '*.example.pem', pending: false },
      { file: 'a.pem', pending: false },
      { file: 'new.pem', pending: true },
    ]);
  });

  test('blank and refusals list nothing', () => {
    assert.deepEqual(parseCertList(''), []);
    assert.deepEqual(parseCertList("Can't allocate memory!\n\n"), []);
    assert.deepEqual(parseCertList('Unknown command. Please enter one of the following commands only :\n  help : this message\n'), []);
  });
});

describe('parseCertDetail', () => {
  test('2.6 site.pem, recorded: only DNS SANs are printed, the trailing ", " dropped', () => {
    const cert = parseCertDetail(readFixture('show-ssl-cert-detail-2.6.txt'));
    assert.equal(cert.file, 'DIR/site.pem');
    assert.equal(cert.pending, false);
    assert.equal(cert.status, 'Used');
    assert.equal(cert.serial, '6A90ACAD367771F2F4B42D7F16A92B77D6C9D5F9');
    assert.equal(cert.notBefore?.toISOString(), '2026-11-28T23:09:03.000Z');
    assert.equal(cert.notAfter?.toISOString(), '2027-11-28T23:09:03.000Z');
    assert.deepEqual(cert.sans, ['DNS:site.example.test', 'DNS:www.site.example.test']);
    assert.equal(cert.algorithm, 'EC256');
    assert.equal(cert.sha1, '0EAC612A7B308B29006B7EC019A9CDEAC2C5F719');
    assert.equal(cert.subject, '/C=FR/O=Example Lab/CN=site.example.test');
    assert.equal(cert.issuer, '/C=FR/O=Example Lab/CN=site.example.test');
    assert.deepEqual(cert.chain, []);
    assert.equal(cert.fields.get('OCSP Response Key'), '');
    assert.equal(cert.fields.size, 11);
  });

  test('2.6 expiring.pem, recorded: a blank SAN, a day padded with a space', () => {
    const cert = parseCertDetail(readFixture('show-ssl-cert-detail-expiring-2.6.txt'));
    assert.equal(cert.fields.get('notAfter'), 'Dec  3 23:09:03 2026 GMT');
    assert.equal(cert.notAfter?.toISOString(), '2026-12-03T23:09:03.000Z');
    assert.deepEqual(cert.sans, []);
    assert.equal(cert.algorithm, 'RSA2048');
    assert.equal(cert.serial, '93B040F26214696215BBABA4AAC11CE7B863C0');
    const recordedAt = new Date('2026-11-28T23:11:00Z');
    assert.equal(daysLeft(cert, recordedAt), 4);
    assert.equal(daysLeft(cert, new Date('2026-12-03T23:09:02Z')), 0);
    assert.equal(daysLeft(cert, new Date('2026-12-04T00:00:00Z')), -1);
    assert.equal(daysLeft(cert, new Date('2026-12-10T23:09:03Z')), -7);
  });

  test("2.6 transaction's copy, recorded: '*' stripped, pending, Unused", () => {
    const cert = parseCertDetail(readFixture('show-ssl-cert-detail-pending-2.6.txt'));
    assert.equal(cert.fields.get('Filename'), '*DIR/site.pem');
    assert.equal(cert.file, 'DIR/site.pem');
    assert.equal(cert.pending, true);
    assert.equal(cert.status, 'Unused');
  });

  test('3.3 crt-store certificate, reconstructed: new lines kept by name, the chain', () => {
    const cert = parseCertDetail(readFixture('show-ssl-cert-detail-3.3.txt'));
    assert.equal(cert.file, '@web/site');
    assert.equal(cert.fields.get('Crt filename'), 'DIR/site.crt');
    assert.equal(cert.fields.get('Key filename'), 'DIR/site.key');
    assert.equal(cert.fields.get('Option'), 'ocsp-update off');
    assert.equal(cert.status, 'Used');
    assert.equal(cert.notAfter?.toISOString(), '2027-01-28T08:12:44.000Z');
    assert.deepEqual(cert.sans, ['DNS:site.example.test', 'DNS:www.site.example.test']);
    assert.equal(cert.issuer, "/C=US/O=Let's Encrypt/CN=E6");
    assert.deepEqual(cert.chain, [
      { subject: "/C=US/O=Let's Encrypt/CN=E6", issuer: '/C=US/O=Internet Security Research Group/CN=ISRG Root X1' },
    ]);
    assert.match(cert.fields.get('OCSP Response Key') ?? '', /^303b3009/);
  });

  test('only the first block; CRLF; blank and refusals', () => {
    const text = readFixture('show-ssl-cert-detail-2.6.txt').trimEnd() + '\nFilename: other.pem\nStatus: Empty\n';
    assert.equal(parseCertDetail(text).status, 'Used');
    const crlf = parseCertDetail(readFixture('show-ssl-cert-detail-expiring-2.6.txt').replace(/\n/g, '\r\n'));
    assert.equal(crlf.notAfter?.toISOString(), '2026-12-03T23:09:03.000Z');
    assert.equal(crlf.sha1, '0AF62E3B5CE772BE76DC4B2BAE7325E2D947318F');
    const blank = parseCertDetail('');
    assert.deepEqual([blank.file, blank.status, blank.notAfter, blank.sans], ['', undefined, undefined, []]);
    assert.equal(daysLeft(blank, new Date()), undefined);
  });
});

describe('asn1Date', () => {
  test("OpenSSL's printed times", () => {
    assert.equal(asn1Date('Jan  1 00:00:00 2030 GMT')?.toISOString(), '2030-01-01T00:00:00.000Z');
    assert.equal(asn1Date('Feb 29 12:34:56.789 2028 GMT')?.toISOString(), '2028-02-29T12:34:56.000Z');
    assert.equal(asn1Date('Foo  1 00:00:00 2030 GMT'), undefined);
    assert.equal(asn1Date('2030-01-01'), undefined);
    assert.equal(asn1Date(undefined), undefined);
  });
});
