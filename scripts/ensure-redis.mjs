// The first step of `npm test`: the multi-instance tests start their own redis-server processes on free loopback ports
// (test/helpers/redis-server.ts), so the binary has to be on the PATH. If it is not: as root on Debian/Ubuntu it is
// installed with apt-get (non-interactive, quiet); anywhere else this stops at once with one line naming the command
// to run. `--check` only checks (exit 1 with that line); the test helper uses it for its own error message.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (command) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The command that installs redis-server here, as this user would type it. */
function installCommand() {
  const sudo = isRoot ? '' : 'sudo ';
  if (process.platform === 'darwin') return 'brew install redis';
  if (process.platform === 'win32') return 'wsl --install, then inside WSL: sudo apt-get install -y redis-server';
  if (onPath('apt-get')) return `${sudo}apt-get install -y redis-server`;
  if (onPath('dnf')) return `${sudo}dnf install -y redis`;
  if (onPath('apk')) return `${sudo}apk add redis`;
  if (onPath('pacman')) return `${sudo}pacman -S --noconfirm redis`;
  if (onPath('zypper')) return `${sudo}zypper install -y redis`;
  if (onPath('brew')) return 'brew install redis';
  return 'install Redis ≥ 6 from https://redis.io/downloads/ so that redis-server is on the PATH';
}

const missingRedisLine = () =>
  `redis-server is not on the PATH; the multi-instance tests start their own. Install it: ${installCommand()} — then run npm test again.`;

function run(command, args) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    return false;
  }
  return true;
}

function main() {
  if (onPath('redis-server')) {
    const version = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.match(/v=(\S+)/)?.[1];
    console.log(`ensure-redis: redis-server ${version ?? '(version unknown)'} found`);
    return 0;
  }
  const checkOnly = process.argv.includes('--check');
  if (!checkOnly && isRoot && process.platform === 'linux' && onPath('apt-get')) {
    console.log('ensure-redis: redis-server not found; installing it: apt-get update && apt-get install -y redis-server');
    const installed =
      run('apt-get', ['update', '-qq']) &&
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server']) &&
      onPath('redis-server');
    if (installed) {
      console.log('ensure-redis: redis-server installed');
      return 0;
    }
    console.error('ensure-redis: the apt-get install failed (output above)');
  }
  console.error(missingRedisLine());
  return 1;
}

process.exitCode = main();
