// The lab's haproxy.cfg: the classic zero-downtime pair (bk_app: nginx2 primary, nginx1 backup), more backends
// sharing server names so the all-backend hotkeys have work, a DOWN server, and a `listen` section. fe_main also
// carries what the runtime API's other views show (a stick table, a map, an ACL file, TLS certificates) in ways
// that add no proxy, no `show stat` row and change no routing.
import fs from 'node:fs';
import path from 'node:path';
import type { HttpBackend } from './http-backend';
import type { LabCertFiles } from './lab-tls';

export const BACKEND_NAMES = ['nginx1', 'nginx2', 'api1', 'api2', 'static1', 'web1', 'web2'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface LabPorts {
  readonly frontend: number;
  readonly listen: number;
  readonly statsTcp: number;
  /** Nothing listens there: the `broken` server's address. */
  readonly dead: number;
  /** fe_main's second bind, TLS. */
  readonly tls: number;
}

/** The files the config names besides itself, all in the lab's dir. */
export interface LabFiles {
  readonly mapFile: string;
  readonly aclFile: string;
  readonly certs: LabCertFiles;
}

/** Host name -> backend name. Only a request header is set from it: routing stays on the path. */
const HOSTS_MAP = `# host (lower case, no port) -> backend, for the X-Route request header
app.example.test bk_app
www.example.test bk_app
api.example.test bk_api
static.example.test bk_static
`;

/** TEST-NET addresses (RFC 5737), which the lab's loopback traffic never comes from. */
const BLOCKED_ACL = `# sources denied by fe_main
192.0.2.1
198.51.100.0/24
`;

/** Writes the map and ACL files into the lab's dir (the certificates are lab-tls.ts's). */
export async function writeLabFiles(dir: string): Promise<Pick<LabFiles, 'mapFile' | 'aclFile'>> {
  const mapFile = path.join(dir, 'hosts.map');
  const aclFile = path.join(dir, 'blocked.acl');
  await fs.promises.writeFile(mapFile, HOSTS_MAP);
  await fs.promises.writeFile(aclFile, BLOCKED_ACL);
  return { mapFile, aclFile };
}

export function renderConfig(
  dir: string,
  ports: LabPorts,
  files: LabFiles,
  backends: ReadonlyMap<BackendName, HttpBackend>,
  extra = '',
): string {
  const at = (name: BackendName): string => {
    const backend = backends.get(name);
    if (!backend) throw new Error(`lab backend ${name} is not running`);
    return `127.0.0.1:${backend.port}`;
  };
  return `global
  stats socket ${dir}/admin.sock mode 600 level admin expose-fd listeners
  stats socket ipv4@127.0.0.1:${ports.statsTcp} level admin
  stats socket ${dir}/operator.sock mode 600 level operator
  stats timeout 10s
  maxconn 2000
  maxpipes 256

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option redispatch
  retries 3
  # On a reload, the old worker answers the next request of an idle keep-alive connection with "Connection:
  # close" instead of closing it under the client's feet (a race no client can win): reloads under traffic
  # then fail no request, as in a production configuration made for them.
  option idle-close-on-response

# The TLS bind adds no row (no "option socket-stats"). The stick table is named after the frontend, fe_main.
frontend fe_main
  bind 127.0.0.1:${ports.frontend}
  bind 127.0.0.1:${ports.tls} ssl crt ${files.certs.site} crt ${files.certs.expiring}
  stick-table type ip size 1m expire 10m store conn_cur,conn_rate(10s),http_req_cnt,http_req_rate(10s),gpc0
  acl blocked src -f ${files.aclFile}
  http-request track-sc0 src
  http-request deny if blocked
  http-request set-header X-Route %[req.hdr(host),field(1,:),lower,map(${files.mapFile},none)]
  use_backend bk_api if { path_beg /api }
  use_backend bk_static if { path_beg /static }
  default_backend bk_app

# The classic zero-downtime pair: nginx2 serves, nginx1 is the backup.
backend bk_app
  balance roundrobin
  option httpchk GET /
  default-server inter 500 fall 2 rise 2
  server nginx2 ${at('nginx2')} check
  server nginx1 ${at('nginx1')} check backup

backend bk_api
  balance roundrobin
  default-server inter 500 fall 2 rise 2
  server api1 ${at('api1')} check
  server api2 ${at('api2')} check
  server nginx2 ${at('nginx2')} check

# A static algorithm (weights only 0% or 100%), and a server that is always DOWN.
backend bk_static
  balance source
  default-server inter 500 fall 2 rise 2
  server static1 ${at('static1')} check
  server nginx1 ${at('nginx1')} check
  server broken 127.0.0.1:${ports.dead} check

listen li_web
  bind 127.0.0.1:${ports.listen}
  balance roundrobin
  default-server inter 500 fall 2 rise 2
  server web1 ${at('web1')} check
  server web2 ${at('web2')}
  server nginx2 ${at('nginx2')} check
${extra ? `\n${extra}\n` : ''}`;
}
