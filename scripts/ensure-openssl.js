'use strict';
// Makes sure the openssl command is available before the tests (and the demo) need it: the lab makes its
// throwaway TLS certificates with it at start, the way ensure-haproxy.js makes sure of HAProxy.
// Plain CommonJS on purpose: `npm test` runs it with node directly, before or without a build.
// Exit status: 0 when openssl runs (or was just installed), else apt-get's status, or 1 with install hints.

const { spawnSync } = require('node:child_process');
const { ensureTool, onPath } = require('./ensure-haproxy.js');

/** The path of the openssl command on PATH, without running it: the lab's lookup, which must stay cheap. */
function opensslPath() {
  return onPath('openssl');
}

/** The path of an openssl command that answers `version`, looked up on PATH. */
function opensslBinary() {
  const file = opensslPath();
  if (file === undefined) return undefined;
  const result = spawnSync(file, ['version'], { stdio: 'ignore', timeout: 10000 });
  return result.status === 0 ? file : undefined;
}

/** Returns the exit status to use: 0 when openssl is available afterwards. Prints only when it has to act. */
function ensureOpenssl() {
  return ensureTool({
    missing: () => (opensslBinary() === undefined ? ['openssl'] : []),
    installing: 'openssl is not installed',
    stillMissing: 'no working openssl command was found',
    required: 'the test lab needs the openssl command',
    otherSystems: 'Fedora/RHEL: sudo dnf install -y openssl; macOS: brew install openssl',
  });
}

module.exports = { ensureOpenssl, opensslBinary, opensslPath };

if (require.main === module) {
  process.exitCode = ensureOpenssl();
}
