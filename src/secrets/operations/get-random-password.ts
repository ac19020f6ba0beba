import type { Operation } from '../../operation/index.js';
import { generateRandomPassword, type PasswordOptions } from '../random-password.js';

export function getRandomPassword(): Operation<PasswordOptions> {
  return {
    service: 'secretsmanager',
    name: 'GetRandomPassword',
    readOnly: true,
    resource: () => undefined,
    async handler(_ctx, input) {
      return { RandomPassword: generateRandomPassword(input) };
    },
  };
}
