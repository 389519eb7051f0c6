'use strict';
// Makes sure an HAProxy binary is available before the tests (and the demo) need one.
// Plain CommonJS on purpose: `npm test` runs it with node directly, before or without a build.
// Exit status: 0 when HAProxy runs (or was just installed), else apt-get's status, or 1 with install hints.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// Debian puts haproxy in /usr/sbin, which is often missing from a non-root user's PATH.
const FALLBACK_LOCATIONS = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/local/bin/haproxy'];

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command) {
  const dirs = (process.env.PATH || '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const file = path.join(dir, command);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

function runs(file) {
  const result = spawnSync(file, ['-v'], { stdio: 'ignore', timeout: 10000 });
  return result.status === 0;
}

/** The path of an HAProxy binary that answers `-v`, looked up on PATH then in the usual sbin folders. */
function haproxyBinary() {
  const candidates = [onPath('haproxy'), ...FALLBACK_LOCATIONS].filter(Boolean);
  for (const file of new Set(candidates)) {
    if (runs(file)) return file;
  }
  return undefined;
}

function canUseApt() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && (fs.existsSync('/etc/debian_version') || onPath('apt-get') !== undefined);
}

function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) {
    process.stderr.write(`hatop-ts: could not run apt-get: ${result.error.message}\n`);
    return 1;
  }
  return result.status === null ? 1 : result.status;
}

/**
 * The install step every ensure-*.js shares: nothing when `missing()` is empty; as root on Debian, apt-get update
 * and install of what is missing, checked again afterwards; else the manual install hint. Returns the exit status
 * to use (0 when nothing is missing afterwards); prints only when it has to act.
 */
function ensureTool({ missing, installing, stillMissing, required, otherSystems }) {
  const packages = missing();
  if (packages.length === 0) return 0;
  if (canUseApt()) {
    process.stderr.write(`hatop-ts: ${installing}; installing it with apt-get (apt-get install -y ${packages.join(' ')})\n`);
    const updated = aptGet(['update']);
    if (updated !== 0) return updated;
    const installed = aptGet(['install', '-y', ...packages]);
    if (installed !== 0) return installed;
    if (missing().length === 0) return 0;
    process.stderr.write(`hatop-ts: apt-get finished but ${stillMissing}.\n`);
    return 1;
  }
  process.stderr.write(`hatop-ts: ${required}. Install it with: sudo apt-get install -y ${packages.join(' ')}\n          (${otherSystems})\n`);
  return 1;
}

/** Returns the exit status to use: 0 when HAProxy is available afterwards. Prints only when it has to act. */
function ensureHaproxy() {
  return ensureTool({
    missing: () => (haproxyBinary() === undefined ? ['haproxy'] : []),
    installing: 'HAProxy is not installed',
    stillMissing: 'no working haproxy binary was found',
    required: 'HAProxy is required',
    otherSystems: 'Fedora/RHEL: sudo dnf install -y haproxy; macOS: brew install haproxy',
  });
}

module.exports = { ensureHaproxy, ensureTool, haproxyBinary, aptGet, canUseApt, isExecutable, onPath };

if (require.main === module) {
  process.exitCode = ensureHaproxy();
}
