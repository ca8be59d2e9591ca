// `cdp start` checks its port before it touches the data directory: a port already in use is
// said plainly, with the process that holds it when the system tells (Linux /proc), instead of
// a stack trace after migrating ./data.
import fs from 'node:fs';
import net from 'node:net';

/** undefined when the port can be listened on; otherwise the error code (EADDRINUSE, EACCES…). */
export function probePort(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** The process listening on the TCP port, as "pid 1234 (node dist/cdp.js start)", when /proc tells. */
export function portHolder(port: number): string | undefined {
  try {
    const inodes = new Set<string>();
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!fs.existsSync(file)) continue;
      for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        const local = cols[1];
        // State 0A = LISTEN.
        if (!local || cols[3] !== '0A' || parseInt(local.split(':')[1] ?? '', 16) !== port) continue;
        if (cols[9]) inodes.add(cols[9]);
      }
    }
    if (!inodes.size) return undefined;
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let fds: string[];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let link: string;
        try {
          link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1]!)) {
          const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
          return `pid ${pid}${cmd ? ` (${cmd.length > 120 ? `${cmd.slice(0, 119)}…` : cmd})` : ''}`;
        }
      }
    }
    return 'a process this user cannot see (another user\'s, or in another container)';
  } catch {
    return undefined;
  }
}

/** The refusal for a busy port, or undefined when it is free. */
export async function portProblem(port: number, host: string): Promise<string | undefined> {
  if (port === 0) return undefined;
  const code = await probePort(port, host);
  if (!code) return undefined;
  if (code === 'EADDRINUSE') {
    const holder = portHolder(port);
    return `Port ${port} on ${host} is already in use${holder ? ` by ${holder}` : ''}. Nothing was started and the data directory was not touched.\n` +
      `Stop that process, or start on another port: PORT=${port + 1} cdp start${holder ? '' : ` (to see who holds it: lsof -i :${port} or ss -ltnp)`}`;
  }
  if (code === 'EACCES') return `Port ${port} needs more privileges than this user has. Use a port above 1023, e.g. PORT=3978 cdp start. Nothing was started.`;
  return `Cannot listen on ${host}:${port} (${code}). Check HOST and PORT. Nothing was started.`;
}
