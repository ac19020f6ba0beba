export {
  createInputValidator,
  compileJavaPattern,
  type InputValidator,
  type InputValidatorOptions,
} from './input-validator.js';
