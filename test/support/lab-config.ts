// The lab's haproxy.cfg: the classic zero-downtime pair (bk_app: nginx2 primary, nginx1 backup), more backends
// sharing server names so the all-backend hotkeys have work, a DOWN server, and a `listen` section.
import type { HttpBackend } from './http-backend';

export const BACKEND_NAMES = ['nginx1', 'nginx2', 'api1', 'api2', 'static1', 'web1', 'web2'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface LabPorts {
  readonly frontend: number;
  readonly listen: number;
  readonly statsTcp: number;
  /** Nothing listens there: the `broken` server's address. */
  readonly dead: number;
}

export function renderConfig(dir: string, ports: LabPorts, backends: ReadonlyMap<BackendName, HttpBackend>, extra = ''): string {
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

frontend fe_main
  bind 127.0.0.1:${ports.frontend}
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

/** One non-interactive exchange: write the line, read until HAProxy closes the connection. */
