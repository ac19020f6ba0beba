export { createInputValidator, type InputValidator, type InputValidatorOptions } from './input-validator.js';
export { compileJavaPattern } from './java-regex.js';
