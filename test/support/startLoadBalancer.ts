/*
 * Debian's nginx as a round-robin load balancer in front of registry processes, for tests: a temporary directory
 * holds its nginx.conf, pid file, logs and body buffers; it runs in the foreground as a child of the test (`daemon
 * off`) and as one process (`master_process off`: a kill leaves no worker behind), on 127.0.0.1 and the given port,
 * and stop() stops it (SIGQUIT, then SIGKILL) and removes the directory. Its access log is JSON, one line per
 * request: which upstream answered, and the request id it passed on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';

/** Where Debian's nginx package installs it. */
export const debianNginx = '/usr/sbin/nginx';

/** Debian's nginx binary, or null when the package is not installed. */
export function findNginx(): string | null {
  return existsSync(debianNginx) ? debianNginx : null;
}

/** One request as nginx logged it. */
export interface BalancedRequest {
  /** nginx's $request_id, sent to the upstream as X-Request-Id (and back to the client by the registry). */
  requestId: string;
  method: string;
  uri: string;
  /** What nginx answered the client. */
  status: number;
  /** The upstreams tried, in order (`127.0.0.1:port`); empty when none was (nginx answered by itself). */
  upstreams: string[];
}

export interface LoadBalancer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The requests it has logged so far (nginx writes each line when the request ends, unbuffered). */
  requests(): BalancedRequest[];
  /** nginx's error log so far. */
  errorLog(): string;
  /** Stops nginx and removes its directory. */
  stop(): Promise<void>;
}

export interface LoadBalancerOptions {
  /** The upstream servers, `host:port`, used round robin. */
  upstreams: string[];
  /** The port to listen on (a free one when left out). */
  port?: number;
  /** client_max_body_size (nginx's default, 1m, would refuse most uploads). */
  maxBodySize?: string;
}

/** The configuration an operator would write, but for paths and ports: see the README, "Several processes". */
function nginxConf(root: string, port: number, options: LoadBalancerOptions): string {
  return `error_log ${join(root, 'error.log')} info;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(root, 'client_body')};
  proxy_temp_path ${join(root, 'proxy')};
  fastcgi_temp_path ${join(root, 'fastcgi')};
  uwsgi_temp_path ${join(root, 'uwsgi')};
  scgi_temp_path ${join(root, 'scgi')};
  # nginx's request id goes to the registry, which logs it and sends it back: one id in both access logs.
  log_format balanced escape=json '{"requestId":"$request_id","method":"$request_method","uri":"$request_uri","status":$status,"upstreams":"$upstream_addr"}';
  upstream keybridge_registry {
${options.upstreams.map((upstream) => `    server ${upstream};`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    access_log ${join(root, 'access.log')} balanced;
    client_max_body_size ${options.maxBodySize ?? '128m'};
    location / {
      proxy_pass http://keybridge_registry;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Request-Id $request_id;
    }
  }
}
`;
}

/**
 * Starts nginx in front of `options.upstreams`. Without a given port it takes a free one, and another if a process
 * took it first; with one, a port in use is an error.
 */
export async function startLoadBalancer(options: LoadBalancerOptions): Promise<LoadBalancer> {
  const nginx = findNginx();
  if (nginx === null) throw new Error(`nginx is missing (no ${debianNginx}): run scripts/install-debian-packages.sh`);
  const root = mkdtempSync(join(tmpdir(), 'keybridge-nginx-'));
  try {
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freePort());
      const started = await runNginx(nginx, root, port, options);
      if (started.child) return balancer(root, port, started.child);
      const retry = options.port === undefined && attempt < 3 && /Address already in use/.test(started.error);
      if (!retry) throw new Error(`nginx did not start on 127.0.0.1:${port}:\n${started.error}`);
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** Runs nginx until it has written its pid file (after binding its port), or returns what it said when it exited. */
async function runNginx(nginx: string, root: string, port: number, options: LoadBalancerOptions): Promise<{ child: ChildProcess; error: '' } | { child: null; error: string }> {
  const conf = join(root, 'nginx.conf');
  const pidFile = join(root, 'nginx.pid');
  writeFileSync(conf, nginxConf(root, port, options));
  rmSync(pidFile, { force: true });
  const child = spawn(nginx, ['-c', conf, '-p', root, '-e', join(root, 'error.log'), '-g', `daemon off; master_process off; pid ${pidFile};`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      const log = join(root, 'error.log');
      return { child: null, error: `${stderr}${existsSync(log) ? readFileSync(log, 'utf8') : ''}`.trim() || 'no output' };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, error: '' };
}

function balancer(root: string, port: number, child: ChildProcess): LoadBalancer {
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  const read = (name: string) => (existsSync(join(root, name)) ? readFileSync(join(root, name), 'utf8') : '');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () =>
      read('access.log')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const entry = JSON.parse(line) as Omit<BalancedRequest, 'upstreams'> & { upstreams: string };
          // $upstream_addr: "a:1, b:2" when nginx went on to the next upstream, empty when it tried none.
          return { ...entry, upstreams: entry.upstreams === '' ? [] : entry.upstreams.split(/\s*,\s*|\s+:\s+/) };
        }),
    errorLog: () => read('error.log'),
    async stop() {
      // SIGQUIT: a graceful stop (nginx -s quit); SIGKILL if it has not ended within 5 s.
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
