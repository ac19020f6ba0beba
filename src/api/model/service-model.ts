/**
 * Types for a botocore service model (`<service>/<version>/service-2.json`) and its loader.
 * Generic on purpose: the same types read the Secrets Manager, KMS and CloudTrail models.
 * Only what the server uses is typed precisely; every object keeps an index signature so a
 * newer model with extra keys still loads.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The `type` of a shape, as botocore spells it. */
export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'blob'
  | 'boolean'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'timestamp';

/** A reference to a shape: a structure member, a list member, a map key/value, an op's input. */
export interface ShapeRef {
  shape: string;
  documentation?: string;
  /** Java boxed primitive (may be null); no effect on the wire. */
  box?: boolean;
  idempotencyToken?: boolean;
  /** Member-level sensitivity (botocore normally marks the shape instead). */
  sensitive?: boolean;
  deprecated?: boolean;
  deprecatedMessage?: string;
  locationName?: string;
  /** Member-level override of the wire format of a timestamp. */
  timestampFormat?: TimestampFormat;
  [key: string]: unknown;
}

export type TimestampFormat = 'unixTimestamp' | 'iso8601' | 'rfc822';

interface ShapeBase {
  type: ShapeType;
  documentation?: string;
  /** The value must never be logged or echoed (SecretString, SecretBinary, ...). */
  sensitive?: boolean;
  deprecated?: boolean;
  deprecatedMessage?: string;
  [key: string]: unknown;
}

export interface StructureShape extends ShapeBase {
  type: 'structure';
  members: Record<string, ShapeRef>;
  required?: string[];
  /** Modelled error shapes. */
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  /** Smithy union: exactly one member set. */
  union?: boolean;
  /** Smithy document: any JSON value. */
  document?: boolean;
}

export interface ListShape extends ShapeBase {
  type: 'list';
  member: ShapeRef;
  min?: number;
  max?: number;
}

export interface MapShape extends ShapeBase {
  type: 'map';
  key: ShapeRef;
  value: ShapeRef;
  min?: number;
  max?: number;
}

export interface StringShape extends ShapeBase {
  type: 'string';
  min?: number;
  max?: number;
  /** A Java regular expression the whole value must match. */
  pattern?: string;
  enum?: string[];
}

export interface BlobShape extends ShapeBase {
  type: 'blob';
  /** Bounds on the decoded bytes. */
  min?: number;
  max?: number;
  streaming?: boolean;
}

export interface NumberShape extends ShapeBase {
  type: 'integer' | 'long' | 'float' | 'double';
  min?: number;
  max?: number;
}

export interface BooleanShape extends ShapeBase {
  type: 'boolean';
}

export interface TimestampShape extends ShapeBase {
  type: 'timestamp';
  timestampFormat?: TimestampFormat;
}

export type Shape =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | BlobShape
  | NumberShape
  | BooleanShape
  | TimestampShape;

export interface Operation {
  name: string;
  http?: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  documentation?: string;
  deprecated?: boolean;
  idempotent?: boolean;
  [key: string]: unknown;
}

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  /** 'json' for awsJson1_0/1_1, 'query', 'rest-json', ... */
  protocol: string;
  protocols?: string[];
  jsonVersion?: string;
  serviceFullName: string;
  serviceId?: string;
  signatureVersion: string;
  signingName?: string;
  /** X-Amz-Target prefix for the json protocol: 'secretsmanager', 'TrentService', ... */
  targetPrefix?: string;
  uid?: string;
  [key: string]: unknown;
}

export interface ServiceModel {
  version?: string;
  metadata: ServiceMetadata;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
  documentation?: string;
  [key: string]: unknown;
}

const loaded = new Map<string, ServiceModel>();

/**
 * Reads and checks a botocore model file. Each file is read once per process; later calls with
 * the same path return the same object (treat it as read-only).
 */
export function loadServiceModel(path: string): ServiceModel {
  const file = resolve(path);
  const cached = loaded.get(file);
  if (cached) return cached;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read service model ${file}: ${(e as Error).message}`);
  }
  const model = checkModel(parsed, file);
  loaded.set(file, model);
  return model;
}

function checkModel(raw: unknown, file: string): ServiceModel {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw) || !isObject(raw.metadata) || !isObject(raw.operations) || !isObject(raw.shapes)) {
    throw new Error(`${file} is not a botocore service model (metadata, operations and shapes expected)`);
  }
  for (const [name, shape] of Object.entries(raw.shapes)) {
    if (!isObject(shape) || typeof shape.type !== 'string') {
      throw new Error(`${file}: shape ${name} has no type`);
    }
  }
  return raw as unknown as ServiceModel;
}

/** The shape called `name`; throws if the model lacks it. */
export function getShape(model: ServiceModel, name: string): Shape {
  const shape = Object.hasOwn(model.shapes, name) ? model.shapes[name] : undefined;
  if (!shape) throw new Error(`shape ${name} is not in the ${model.metadata.serviceId ?? model.metadata.endpointPrefix} model`);
  return shape;
}

/** The operation called `name`, or undefined. */
export function getOperation(model: ServiceModel, name: string): Operation | undefined {
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}

/**
 * Name of the operation's input shape (e.g. 'GetSecretValueRequest'); undefined when the
 * operation takes no input. Throws for an operation the model does not have.
 */
export function getInputShapeName(model: ServiceModel, operationName: string): string | undefined {
  const op = getOperation(model, operationName);
  if (!op) throw new Error(`operation ${operationName} is not in the ${model.metadata.serviceId ?? model.metadata.endpointPrefix} model`);
  return op.input?.shape;
}
