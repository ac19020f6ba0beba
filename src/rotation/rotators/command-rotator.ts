import { spawn } from 'node:child_process';
import { tail, withoutCredentials, type InvocationContext, type RotationEvent, type Rotator } from './rotator.js';

const MAX_OUTPUT = 64 * 1024;

/**
 * Runs an operator's command (`coffer function create --command`) in the AWS Lambda handler
 * contract: `/bin/sh -c CMD` with the event as JSON on standard input, and in its environment
 * SECRETS_MANAGER_ENDPOINT, the temporary credentials of a session of the function's role
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, as Lambda sets them), the region,
 * AWS_LAMBDA_FUNCTION_NAME and the function's own variables. Exit status 0 is success. On timeout the whole process group is
 * killed. The function's output is not logged (it is the function's business); the tail of its
 * standard error becomes the failure message.
 */
export class CommandRotator implements Rotator {
  constructor(
    private readonly command: string,
    private readonly env: Record<string, string> = {},
  ) {}

  invoke(event: RotationEvent, ctx: InvocationContext): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', this.command], {
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          LANG: process.env.LANG ?? 'C.UTF-8',
          ...this.env,
          SECRETS_MANAGER_ENDPOINT: ctx.endpoint,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: ctx.endpoint,
          AWS_ACCESS_KEY_ID: ctx.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: ctx.credentials.secretAccessKey,
          ...(ctx.credentials.sessionToken !== undefined ? { AWS_SESSION_TOKEN: ctx.credentials.sessionToken } : {}),
          AWS_REGION: ctx.region,
          AWS_DEFAULT_REGION: ctx.region,
          AWS_LAMBDA_FUNCTION_NAME: ctx.functionName,
          AWS_LAMBDA_FUNCTION_TIMEOUT: String(Math.ceil(ctx.timeoutMs / 1000)),
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          PYTHONDONTWRITEBYTECODE: '1',
        },
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-MAX_OUTPUT);
      });
      child.stdout!.resume();
      const kill = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      ctx.signal.addEventListener('abort', kill, { once: true });
      child.once('error', (err) => reject(new Error(`could not start the function: ${err.message}`)));
      child.once('close', (code, signal) => {
        ctx.signal.removeEventListener('abort', kill);
        if (ctx.signal.aborted) return reject(new Error(`the function did not finish within ${ctx.timeoutMs} ms`));
        if (code === 0) return resolve();
        const why = signal ? `was killed by ${signal}` : `exited with status ${code}`;
        reject(new Error(`the function ${why}${stderr.trim() ? `: ${tail(withoutCredentials(stderr, ctx.credentials))}` : ''}`));
      });
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(JSON.stringify(event));
    });
  }
}
