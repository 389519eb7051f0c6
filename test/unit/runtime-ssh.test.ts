// ssh:// addresses: parsing and printing them back, the arguments ssh gets, and the one-sentence reasons made
// from what ssh printed. The tunnel itself runs against a real sshd in test/integration/ssh.test.ts.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatAddress, parseAddress, parseSshAddress, sshHostLabel } from '../../src/runtime/address';
import { exitReason, probeCommand, probeWord, remoteOpenReason } from '../../src/runtime/ssh-messages';
import { tunnelArgs } from '../../src/runtime/ssh';
import type { SshAddress } from '../../src/runtime/types';

function throwsSentence(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.match(err.message, pattern);
    assert.match(err.message, /^Invalid SSH address ".*": .*\.$/);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
}

describe('parseSshAddress', () => {
  test('user, host, port and path, each optional but the host and the path', () => {
    assert.deepEqual(parseSshAddress('ssh://lb1/run/haproxy/admin.sock'), { kind: 'ssh', host: 'lb1', path: '/run/haproxy/admin.sock' });
    assert.deepEqual(parseSshAddress('ssh://ops@lb1.example.org:2222/run/admin.sock'), {
      kind: 'ssh',
      user: 'ops',
      host: 'lb1.example.org',
      port: 2222,
      path: '/run/admin.sock',
    });
    assert.deepEqual(parseSshAddress('ssh://[::1]/a.sock'), { kind: 'ssh', host: '::1', path: '/a.sock' });
    assert.deepEqual(parseSshAddress('ssh://root@[fe80::1]:22/a.sock'), { kind: 'ssh', user: 'root', host: 'fe80::1', port: 22, path: '/a.sock' });
    assert.deepEqual(parseSshAddress('SSH://h/a:b.sock'), { kind: 'ssh', host: 'h', path: '/a:b.sock' });
  });

  test('parseAddress takes an ssh:// value given to -s', () => {
    assert.deepEqual(parseAddress('ssh://lb1/run/haproxy/admin.sock'), { kind: 'ssh', host: 'lb1', path: '/run/haproxy/admin.sock' });
    assert.deepEqual(parseAddress('./ssh://lb1/x'), { kind: 'unix', path: './ssh://lb1/x' });
  });

  test('refuses a missing path, host or port with one sentence', () => {
    throwsSentence(() => parseSshAddress('ssh://lb1'), /absolute path after the host/);
    throwsSentence(() => parseSshAddress('ssh://lb1/'), /absolute path after the host/);
    throwsSentence(() => parseSshAddress('ssh:///run/admin.sock'), /host is empty/);
    throwsSentence(() => parseSshAddress('ssh://ops@/run/admin.sock'), /host is empty/);
    throwsSentence(() => parseSshAddress('ssh://lb1:/run/admin.sock'), /port "" is not a number/);
    throwsSentence(() => parseSshAddress('ssh://lb1:ssh/run/admin.sock'), /not a number/);
    throwsSentence(() => parseSshAddress('ssh://lb1:0/run/admin.sock'), /outside 1\.\.65535/);
    throwsSentence(() => parseSshAddress('ssh://lb1:70000/run/admin.sock'), /outside 1\.\.65535/);
  });

  test('refuses what ssh would misread, and passwords', () => {
    throwsSentence(() => parseSshAddress('ssh://-oProxyCommand=x/run/a.sock'), /cannot start with "-"/);
    throwsSentence(() => parseSshAddress('ssh://ops:secret@lb1/run/a.sock'), /password/);
    throwsSentence(() => parseSshAddress('ssh://@lb1/run/a.sock'), /user name before "@" is empty/);
    throwsSentence(() => parseSshAddress('ssh://::1/run/a.sock'), /IPv6 address in brackets/);
    throwsSentence(() => parseSshAddress('ssh://[::1/run/a.sock'), /missing "\]"/);
    throwsSentence(() => parseSshAddress('ssh://[lb1]/run/a.sock'), /not an IPv6 address/);
    throwsSentence(() => parseSshAddress('ssh://[::1]x/run/a.sock'), /":port" after "\]"/);
    throwsSentence(() => parseSshAddress('ssh://lb 1/run/a.sock'), /whitespace/);
    throwsSentence(() => parseSshAddress('ssh://lb1/run/a\n.sock'), /control character/);
    throwsSentence(() => parseSshAddress('ssh://lb1/run/a].sock'), /control character or "\]"/);
  });

  test('formatAddress prints back only the parts given; the host label is host[:port]', () => {
    for (const text of ['ssh://lb1/run/haproxy/admin.sock', 'ssh://ops@lb1:2222/run/a.sock', 'ssh://[::1]:22/a.sock', 'ssh://ops@[::1]/a.sock']) {
      assert.equal(formatAddress(parseSshAddress(text)), text);
    }
    assert.equal(sshHostLabel(parseSshAddress('ssh://ops@lb1/a.sock')), 'lb1');
    assert.equal(sshHostLabel(parseSshAddress('ssh://ops@[::1]:2222/a.sock')), '[::1]:2222');
  });
});

describe('the ssh arguments', () => {
  test('batch mode, no shared master, -p and -l only when given, the forwarding in brackets, the host last', () => {
    const a: SshAddress = { kind: 'ssh', user: 'ops', host: 'lb1', port: 2222, path: '/run/a.sock' };
    const args = tunnelArgs(a, '/tmp/x/haproxy.sock');
    assert.deepEqual(args.slice(0, 4), ['-o', 'BatchMode=yes', '-o', 'ControlPath=none']);
    assert.deepEqual(args.slice(4, 8), ['-p', '2222', '-l', 'ops']);
    assert.ok(args.includes('-N') && args.includes('ExitOnForwardFailure=yes'));
    assert.equal(args[args.indexOf('-L') + 1], '[/tmp/x/haproxy.sock]:[/run/a.sock]');
    assert.equal(args.at(-1), 'lb1');
    const bare = tunnelArgs({ kind: 'ssh', host: 'lb1', path: '/a.sock' }, '/l.sock');
    assert.ok(!bare.includes('-p') && !bare.includes('-l'));
  });
});

describe('why ssh ended, in one sentence naming the host', () => {
  const failed = { code: 255, signal: null } as const;
  const reason = (lines: string[], exit: { code: number | null; signal: NodeJS.Signals | null } = failed): string => exitReason('lb1', exit, lines);

  test('a refused login, an unknown or changed host key', () => {
    assert.match(reason(['ops@lb1: Permission denied (publickey,password).']), /^ssh login to lb1 refused \(Permission denied \(publickey,password\)\); no password is asked/);
    assert.match(reason(['No ED25519 host key is known for lb1 and you have requested strict checking.', 'Host key verification failed.']), /^the host key of lb1 is not known/);
    assert.match(reason(['@@@@@@@@', '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @', 'Host key verification failed.']), /^the host key of lb1 has changed/);
  });

  test('names that do not resolve, hosts that cannot be reached', () => {
    assert.equal(reason(['ssh: Could not resolve hostname lb1: Name or service not known']), 'cannot resolve the host name lb1: name or service not known');
    assert.equal(
      reason(['ssh: Could not resolve hostname lb1.example.org: Temporary failure in name resolution']),
      'cannot resolve the host name lb1.example.org (for lb1): temporary failure in name resolution',
    );
    assert.equal(reason(['ssh: connect to host 10.0.0.1 port 22: Connection refused']), 'cannot reach 10.0.0.1 port 22 over ssh: connection refused');
    assert.equal(reason(['ssh: connect to host 10.0.0.1 port 22: No route to host']), 'cannot reach 10.0.0.1 port 22 over ssh: no route to host');
  });

  test('a missing ssh program, as sh reports it', () => {
    assert.equal(reason(['ssh: 1: nosuchssh: not found'], { code: 127, signal: null }), 'cannot reach lb1: the ssh program "nosuchssh" was not found');
  });

  test('otherwise the last line that says something, else the status or the signal', () => {
    assert.equal(reason(['Warning: Permanently added lb1 (ED25519) to the list of known hosts.', 'Connection closed by 10.0.0.1 port 22']), 'ssh to lb1 failed: Connection closed by 10.0.0.1 port 22');
    assert.equal(reason(['Killed by signal 15.'], { code: null, signal: 'SIGKILL' }), 'ssh to lb1 was ended by SIGKILL');
    assert.equal(reason([], { code: 0, signal: null }), 'ssh to lb1 ended with status 0 before forwarding the socket');
  });
});

describe('a socket the far side could not open', () => {
  const failure = 'channel 2: open failed: connect failed: open failed';

  test('named by what the probe found', () => {
    assert.equal(remoteOpenReason('lb1', '/run/a.sock', failure, 'missing'), 'no socket at /run/a.sock on lb1');
    assert.equal(remoteOpenReason('lb1', '/run/a.sock', failure, 'denied'), 'permission denied on /run/a.sock on lb1');
    assert.equal(remoteOpenReason('lb1', '/run/a.sock', failure, 'notsock'), '/run/a.sock on lb1 is not a socket');
    assert.match(remoteOpenReason('lb1', '/run/a.sock', failure, 'refused'), /^connection refused by \/run\/a\.sock on lb1 \(is HAProxy running\?\)$/);
    assert.match(remoteOpenReason('lb1', '/run/a.sock', failure, undefined), /^lb1 could not open \/run\/a\.sock \(/);
    assert.match(remoteOpenReason('lb1', '/a.sock', 'channel 2: open failed: administratively prohibited: open failed', undefined), /AllowStreamLocalForwarding/);
  });

  test('the probe command says which, run by a shell as the remote login shell runs it', () => {
    const run = (path: string): string | undefined => {
      const r = spawnSync('sh', ['-c', probeCommand(path)], { encoding: 'utf8' });
      return probeWord(r.stdout);
    };
    assert.equal(run('/nonexistent/dir/admin.sock'), 'missing');
    assert.equal(run('/etc/hostname'), 'notsock');
    assert.equal(run("/nonexistent/it's here.sock"), 'missing');
    assert.equal(probeWord('Welcome to lb1\nmissing\n'), 'missing');
    assert.equal(probeWord('sh: not found\n'), undefined);
  });
});
