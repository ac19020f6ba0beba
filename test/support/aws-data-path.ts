import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './coffer-server.js';

/**
 * Debian's AWS CLI v2 (2.9.19) and boto3 (1.26.27) ship a Secrets Manager model from before
 * BatchGetSecretValue (added November 2023). botocore loads service models from the directories
 * in AWS_DATA_PATH (or the session's `data_path`) before its own, so a directory holding the
 * model Coffer ships teaches those clients the operation without changing anything else.
 *
 * Returns the directory (for AWS_DATA_PATH) and a cleanup function.
 */
export function newerModelDataPath(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-aws-data-'));
  const target = path.join(dir, 'secretsmanager', '2017-10-17');
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'model', 'secretsmanager-service-2.json'), path.join(target, 'service-2.json'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
