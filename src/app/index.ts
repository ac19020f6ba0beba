export { startCoffer, type RunningCoffer } from './coffer-app.js';
