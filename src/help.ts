// The text --help prints after the options: filters, --check's states, exit codes, examples. Kept apart
// from the option definitions so that each file stays one screenful of one job.

export const HELP_AFTER = `
Filters (-f): "<iid> <type> <sid>" polls "show stat <iid> <type> <sid>".
  iid: proxy id, or -1 for all proxies
  type: bitmask 1 frontends + 2 backends + 4 servers + 8 listeners (1..15),
        or -1 for all
  sid: server id (0 for frontend/backend rows only), or -1 for all
  Several -f are all polled and their rows merged.

Check (--check): each service's status is matched against the state words
  up down nolb drain maint nocheck open stop paused full waiting
  going-down (UP, NOLB or DRAIN with failing checks: UP 1/3)
  going-up (DOWN with passing checks: DOWN 1/2)
  given to --crit and --warn, comma-separated, in any case. backend:down
  narrows a word to one kind (frontend, backend, server, listener); none is
  the empty list; a list given replaces its default. A service is CRITICAL
  if a word of its status is in --crit, else WARNING if one is in --warn,
  else OK. UNKNOWN: HAProxy unreadable, a status hatop-ts does not know,
  a -p or -f that selects nothing. The worst wins (CRITICAL, WARNING,
  UNKNOWN). One line on stdout, then with -v one per service not OK:
  CRITICAL: 1 DOWN (bk_static/broken); 1 MAINT | total=17 ok=15 ...

Exit codes:
  0  success
  1  bad usage (unknown or invalid option, stdout not a terminal for the
     interactive screen)
  2  cannot talk to HAProxy (missing socket, refused, timeout, closed); with
     several instances, --once/--json when any failed, the screen when all did
With --check, the monitoring plugin codes instead:
  0  OK
  1  WARNING
  2  CRITICAL
  3  UNKNOWN (HAProxy cannot be read, or bad usage)

Examples:
  hatop-ts -s /run/haproxy/admin.sock
  hatop-ts -t 127.0.0.1:9999
  hatop-ts -t [::1]:9999 -i 0.5 -n
  hatop-ts -s ssh://admin@lb1/run/haproxy/admin.sock
  hatop-ts -s /run/haproxy-master.sock              (the master CLI: R reloads)
  hatop-ts -s lb1=/run/haproxy/admin.sock -t lb2=10.0.0.2:9999
  hatop-ts --group prod            (instances of ~/.config/hatop-ts/config.toml)
  hatop-ts -s /run/haproxy/admin.sock --once -m 2
  hatop-ts -s /run/haproxy/admin.sock -p bk_app --once
  hatop-ts -s /run/haproxy/admin.sock -f "-1 4 -1" --once
  hatop-ts -s /run/haproxy/admin.sock --json | jq '.services[0]'
  hatop-ts -s /run/haproxy/admin.sock --check -v -p bk_app
  hatop-ts -s /run/haproxy/admin.sock --check --crit backend:down --warn down
`;
