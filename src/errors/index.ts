export { AwsError, errors } from './aws-error.js';
