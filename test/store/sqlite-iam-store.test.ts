import { exerciseIamStore } from './exercise-iam-store.js';
import { freshSqliteStore } from './sqlite-fixture.js';

exerciseIamStore('sqlite', freshSqliteStore);
