import { existsSync } from 'node:fs';
import { request } from 'node:http';

/** True when a Docker engine answers `/_ping` within a second (DOCKER_HOST tcp://, or the unix socket).
 *  On machines with only the docker client this is false at once, so testcontainers is never tried. */
export const dockerEngineAnswers = async (): Promise<boolean> => {
  const host = process.env['DOCKER_HOST'];
  const target = host?.startsWith('tcp://')
    ? { host: new URL(host.replace('tcp://', 'http://')).hostname, port: Number(new URL(host.replace('tcp://', 'http://')).port || 2375) }
    : { socketPath: host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock' };
  if ('socketPath' in target && (target.socketPath === undefined || !existsSync(target.socketPath))) return false;
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
};
