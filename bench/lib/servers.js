// The bench servers as child processes: started from a checkout's bench/servers/, each on its own port, ready when it
// says so over IPC; stopped; asked for their memory after GC (servers using serveNest, run with --expose-gc).
import { fork } from 'node:child_process';
import { join } from 'node:path';

let nextPort = 4100 + Math.floor(Math.random() * 1500);

/** Forks `dir`/bench/servers/`script` and resolves once it is listening: { child, port, url(path) }. */
export function startServer(dir, script, { env = {}, execArgv = [], stdio = 'inherit' } = {}) {
  const port = nextPort++;
  const child = fork(join(dir, 'bench', 'servers', script), { env: { ...process.env, ...env, PORT: String(port) }, execArgv, stdio });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.once('message', (message) =>
      message.ready ? resolve({ child, port, url: (path) => `http://127.0.0.1:${port}${path}` }) : reject(new Error('unexpected message')),
    );
  });
}

export function stopServer(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** The server's process.memoryUsage() after two full GCs. */
export function memoryOf(child) {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message.memory));
    child.send('memory');
  });
}
