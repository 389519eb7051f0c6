'use strict';
// Makes sure OpenSSH's server and client are available before the tests of ssh:// sockets, which start a
// throwaway sshd and reach it with ssh, the way ensure-haproxy.js makes sure of HAProxy.
// Plain CommonJS on purpose: `npm test` runs it with node directly, before or without a build.
// Exit status: 0 when both are there (or were just installed), else apt-get's status, or 1 with install hints.

const { ensureTool, isExecutable, onPath } = require('./ensure-haproxy.js');

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
  return ensureTool({
    missing: missingPackages,
    installing: 'what the ssh:// tests need is not installed',
    stillMissing: `${SSHD}, ssh or ssh-keygen is still missing`,
    required: 'the ssh:// tests need OpenSSH',
    otherSystems: 'Fedora/RHEL: sudo dnf install -y openssh-server openssh-clients',
  });
}

module.exports = { ensureSshd };

if (require.main === module) {
  process.exitCode = ensureSshd();
}
