'use strict';
// Makes sure OpenSSH's server and client are available before the tests of ssh:// sockets, which start a
// throwaway sshd and reach it with ssh, the way ensure-haproxy.js makes sure of HAProxy.
// Plain CommonJS on purpose: `npm test` runs it with node directly, before or without a build.
// Exit status: 0 when both are there (or were just installed), else apt-get's status, or 1 with install hints.

const { aptGet, canUseApt, isExecutable, onPath } = require('./ensure-haproxy.js');

/** The tests run the server by this absolute path (sshd refuses to run by a relative one). */
const SSHD = '/usr/sbin/sshd';

/** The Debian packages to install for what is missing: the server, and the client with ssh-keygen. */
function missingPackages() {
  const packages = [];
  if (!isExecutable(SSHD)) packages.push('openssh-server');
  if (onPath('ssh') === undefined || onPath('ssh-keygen') === undefined) packages.push('openssh-client');
  return packages;
}

/** Returns the exit status to use: 0 when sshd and ssh are available afterwards. Prints only when it has to act. */
function ensureSshd() {
  const packages = missingPackages();
  if (packages.length === 0) return 0;
  if (canUseApt()) {
    process.stderr.write(`hatop-ts: installing what the ssh:// tests need with apt-get (apt-get install -y ${packages.join(' ')})\n`);
    const updated = aptGet(['update']);
    if (updated !== 0) return updated;
    const installed = aptGet(['install', '-y', ...packages]);
    if (installed !== 0) return installed;
    if (missingPackages().length === 0) return 0;
    process.stderr.write(`hatop-ts: apt-get finished but ${SSHD}, ssh or ssh-keygen is still missing.\n`);
    return 1;
  }
  process.stderr.write(
    `hatop-ts: the ssh:// tests need OpenSSH. Install it with: sudo apt-get install -y ${packages.join(' ')}\n` +
      '          (Fedora/RHEL: sudo dnf install -y openssh-server openssh-clients)\n',
  );
  return 1;
}

module.exports = { ensureSshd };

if (require.main === module) {
  process.exitCode = ensureSshd();
}
