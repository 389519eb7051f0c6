import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatAddress, parseAddress, parseTcpAddress } from '../../src/runtime/address';

/** The message must be one sentence: a capital, a full stop at the end, no line break. */
function throwsSentence(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.match(err.message, pattern);
    assert.match(err.message, /^[A-Z].*\.$/);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
}

describe('parseTcpAddress', () => {
  test('accepts host:port forms', () => {
    assert.deepEqual(parseTcpAddress('localhost:9999'), { kind: 'tcp', host: 'localhost', port: 9999 });
    assert.deepEqual(parseTcpAddress('127.0.0.1:9999'), { kind: 'tcp', host: '127.0.0.1', port: 9999 });
    assert.deepEqual(parseTcpAddress('lb-1.example.org:1'), { kind: 'tcp', host: 'lb-1.example.org', port: 1 });
    assert.deepEqual(parseTcpAddress('[::1]:9999'), { kind: 'tcp', host: '::1', port: 9999 });
    assert.deepEqual(parseTcpAddress('[fe80::1:2]:65535'), { kind: 'tcp', host: 'fe80::1:2', port: 65535 });
  });

  test('rejects a missing port', () => {
    throwsSentence(() => parseTcpAddress('localhost'), /missing port/);
    throwsSentence(() => parseTcpAddress('localhost:'), /missing port/);
    throwsSentence(() => parseTcpAddress('[::1]'), /missing port/);
    throwsSentence(() => parseTcpAddress('[::1]:'), /missing port/);
  });

  test('rejects a port outside 1..65535 or not a number', () => {
    throwsSentence(() => parseTcpAddress('127.0.0.1:0'), /outside 1\.\.65535/);
    throwsSentence(() => parseTcpAddress('127.0.0.1:65536'), /outside 1\.\.65535/);
    throwsSentence(() => parseTcpAddress('127.0.0.1:-1'), /not a number/);
    throwsSentence(() => parseTcpAddress('127.0.0.1:http'), /not a number/);
    throwsSentence(() => parseTcpAddress('127.0.0.1:99.5'), /not a number/);
  });

  test('rejects bare IPv6 and an empty host', () => {
    throwsSentence(() => parseTcpAddress('::1:9999'), /brackets/);
    throwsSentence(() => parseTcpAddress(':9999'), /host is empty/);
    throwsSentence(() => parseTcpAddress('[]:9999'), /not an IPv6 address|host is empty/);
    throwsSentence(() => parseTcpAddress('[127.0.0.1]:9999'), /not an IPv6 address/);
    throwsSentence(() => parseTcpAddress('[::1:9999'), /missing "\]"/);
  });
});

describe('parseAddress', () => {
  test('unix path', () => {
    assert.deepEqual(parseAddress('/run/haproxy/admin.sock'), { kind: 'unix', path: '/run/haproxy/admin.sock' });
    assert.deepEqual(parseAddress('admin.sock', undefined), { kind: 'unix', path: 'admin.sock' });
  });
  test('tcp', () => {
    assert.deepEqual(parseAddress(undefined, '[::1]:9999'), { kind: 'tcp', host: '::1', port: 9999 });
  });
  test('neither or both', () => {
    throwsSentence(() => parseAddress(), /No HAProxy socket given/);
    throwsSentence(() => parseAddress('', ''), /No HAProxy socket given/);
    throwsSentence(() => parseAddress('/a.sock', '127.0.0.1:1'), /not both/);
  });
  test('tcp errors come through', () => {
    throwsSentence(() => parseAddress(undefined, 'nohost'), /missing port/);
  });
});

describe('formatAddress', () => {
  test('round trips', () => {
    assert.equal(formatAddress({ kind: 'unix', path: '/run/haproxy/admin.sock' }), '/run/haproxy/admin.sock');
    assert.equal(formatAddress({ kind: 'tcp', host: '127.0.0.1', port: 9999 }), '127.0.0.1:9999');
    assert.equal(formatAddress({ kind: 'tcp', host: '::1', port: 9999 }), '[::1]:9999');
    for (const s of ['localhost:1', '127.0.0.1:9999', '[::1]:9999']) assert.equal(formatAddress(parseTcpAddress(s)), s);
  });
});
