import path from 'node:path';
import { buildQueryService, loadServiceModel, type QueryEndpoint } from '../api/index.js';
import { iamOperations, stsOperations, type IamDeps } from '../iam/index.js';

/**
 * IAM and STS on the same endpoint (AWS Query protocol). Credential scopes may name the
 * deployment's region (what `aws iam`, boto3 and the JS SDK sign with when given --endpoint-url)
 * or us-east-1 (the region of IAM's and STS's global endpoints).
 */
export function identityEndpoint(modelDir: string, region: string, deps: IamDeps): QueryEndpoint {
  const iamModel = loadServiceModel(path.join(modelDir, 'iam-service-2.json'));
  const stsModel = loadServiceModel(path.join(modelDir, 'sts-service-2.json'));
  return {
    services: [
      {
        model: iamModel,
        service: buildQueryService(iamModel, iamOperations(deps), {
          internalErrorCode: 'ServiceFailure',
          echoValues: false,
          enumListInMessages: false,
        }),
      },
      {
        model: stsModel,
        service: buildQueryService(stsModel, stsOperations(deps), {
          internalErrorCode: 'InternalFailure',
          echoValues: true,
          enumListInMessages: true,
        }),
      },
    ],
    regions: region === 'us-east-1' ? [region] : [region, 'us-east-1'],
  };
}
