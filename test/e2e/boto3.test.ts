/**
 * Debian's boto3 (/usr/bin/python3) against a real Coffer server. One Python script runs the
 * operations and prints what it saw as JSON; the assertions are here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { newerModelDataPath } from '../support/aws-data-path.js';
import { useServer } from '../support/use-server.js';

const PYTHON = '/usr/bin/python3';

/**
 * Stock clients for everything; a second session with `data_path` set to the newer model only
 * for BatchGetSecretValue, which Debian's botocore does not know (see aws-data-path.ts).
 */
const SCRIPT = String.raw`
import json, os, sys, uuid
import boto3, botocore.session
from botocore.exceptions import ClientError

endpoint = os.environ["AWS_ENDPOINT_URL"]
sm = boto3.client("secretsmanager", endpoint_url=endpoint)
newer = botocore.session.Session()
newer.set_config_variable("data_path", os.environ["NEWER_MODEL_DIR"])
sm_batch = newer.create_client("secretsmanager", endpoint_url=endpoint)
out = {"botocore": __import__("botocore").__version__}

def strip(r):
    r = dict(r)
    meta = r.pop("ResponseMetadata")
    out.setdefault("statuses", []).append(meta["HTTPStatusCode"])
    out.setdefault("request_ids", []).append(meta["RequestId"])
    return r

def error(fn, **kw):
    try:
        fn(**kw)
    except ClientError as e:
        return {"Code": e.response["Error"]["Code"], "Message": e.response["Error"]["Message"],
                "Status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "RequestId": e.response["ResponseMetadata"].get("RequestId")}
    return None

name = "boto3/" + uuid.uuid4().hex[:8] + "/app"
out["name"] = name
out["create"] = strip(sm.create_secret(Name=name, SecretString="s1", Description="made by boto3",
                                       Tags=[{"Key": "owner", "Value": "py"}]))
out["get"] = strip(sm.get_secret_value(SecretId=name))
out["get"]["CreatedDate"] = out["get"]["CreatedDate"].timestamp()
out["put"] = strip(sm.put_secret_value(SecretId=name, SecretBinary=b"\x00\xffbin"))
out["get_binary"] = strip(sm.get_secret_value(SecretId=out["create"]["ARN"]))
out["get_binary"]["SecretBinary"] = list(out["get_binary"]["SecretBinary"])
del out["get_binary"]["CreatedDate"]
out["update"] = strip(sm.update_secret(SecretId=name, Description="changed"))
v1, v2 = out["create"]["VersionId"], out["put"]["VersionId"]
out["stage_move"] = strip(sm.update_secret_version_stage(SecretId=name, VersionStage="AWSCURRENT",
                                                         MoveToVersionId=v1, RemoveFromVersionId=v2))
out["versions"] = {v["VersionId"]: v.get("VersionStages") for v in sm.list_secret_version_ids(SecretId=name)["Versions"]}
strip(sm.tag_resource(SecretId=name, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]))
strip(sm.untag_resource(SecretId=name, TagKeys=["owner", "b"]))
d = sm.describe_secret(SecretId=name)
out["describe"] = {"Description": d.get("Description"), "Tags": d.get("Tags"),
                   "VersionIdsToStages": d.get("VersionIdsToStages"),
                   "dates": {k: type(d[k]).__name__ for k in ("CreatedDate", "LastChangedDate") if k in d}}
other = name + "-other"
sm.create_secret(Name=other, SecretString="o")
pages = sm.get_paginator("list_secrets").paginate(Filters=[{"Key": "name", "Values": [name]}],
                                                  PaginationConfig={"PageSize": 1})
out["listed"] = [s["Name"] for p in pages for s in p["SecretList"]]
out["delete"] = strip(sm.delete_secret(SecretId=name, RecoveryWindowInDays=7))
out["delete"]["DeletionDate"] = out["delete"]["DeletionDate"].timestamp()
out["get_deleted"] = error(sm.get_secret_value, SecretId=name)
out["describe_deleted"] = sm.describe_secret(SecretId=name)["DeletedDate"].timestamp()
out["restore"] = strip(sm.restore_secret(SecretId=name))
out["get_after_restore"] = sm.get_secret_value(SecretId=name)["SecretString"]
b = strip(sm_batch.batch_get_secret_value(SecretIdList=[name, other, name + "-missing"]))
out["batch"] = {"values": {v["Name"]: v.get("SecretString") for v in b["SecretValues"]}, "errors": b["Errors"]}
out["password"] = strip(sm.get_random_password(PasswordLength=32, ExcludePunctuation=True))["RandomPassword"]
out["not_found"] = error(sm.get_secret_value, SecretId=name + "-nope")
out["exists"] = error(sm.create_secret, Name=name, SecretString="again")
json.dump(out, sys.stdout)
`;

const { server } = useServer();
let dataPath: { dir: string; remove: () => void };

before(() => {
  dataPath = newerModelDataPath();
});

after(() => dataPath?.remove());

function runPython(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(dataPath.dir, 'boto3-script.py');
  fs.writeFileSync(file, script);
  return new Promise((resolve) => {
    execFile(PYTHON, [file], { env, timeout: 60_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

test('boto3 drives every implemented operation', async () => {
  const started = Date.now() / 1000;
  const r = await runPython(SCRIPT, { ...server.awsEnv(), NEWER_MODEL_DIR: dataPath.dir });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const name: string = out.name;
  const arn: string = out.create.ARN;

  assert.match(arn, new RegExp(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-[A-Za-z0-9]{6}$`));
  assert.equal(out.create.Name, name);
  const v1: string = out.create.VersionId;
  const v2: string = out.put.VersionId;
  assert.notEqual(v1, v2);

  assert.equal(out.get.SecretString, 's1');
  assert.deepEqual(out.get.VersionStages, ['AWSCURRENT']);
  assert.ok(Math.abs(out.get.CreatedDate - started) < 120, 'CreatedDate parses as a datetime near now');
  assert.deepEqual(out.put.VersionStages, ['AWSCURRENT']);
  assert.deepEqual(out.get_binary, { ARN: arn, Name: name, VersionId: v2, SecretBinary: [0, 255, 98, 105, 110], VersionStages: ['AWSCURRENT'] });
  assert.deepEqual(out.update, { ARN: arn, Name: name });
  assert.deepEqual(out.stage_move, { ARN: arn, Name: name });
  assert.deepEqual(out.versions, { [v1]: ['AWSCURRENT'], [v2]: ['AWSPREVIOUS'] });

  assert.equal(out.describe.Description, 'changed');
  assert.deepEqual(out.describe.Tags, [{ Key: 'a', Value: '1' }]);
  assert.deepEqual(out.describe.VersionIdsToStages, { [v1]: ['AWSCURRENT'], [v2]: ['AWSPREVIOUS'] });
  assert.deepEqual(out.describe.dates, { CreatedDate: 'datetime', LastChangedDate: 'datetime' });
  // Two secrets in pages of one: the paginator followed NextToken.
  assert.deepEqual(out.listed.sort(), [name, `${name}-other`]);

  assert.equal(out.delete.ARN, arn);
  assert.ok(Math.abs(out.delete.DeletionDate - (started + 7 * 86400)) < 120);
  assert.deepEqual(
    { Code: out.get_deleted.Code, Message: out.get_deleted.Message, Status: out.get_deleted.Status },
    {
      Code: 'InvalidRequestException',
      Message: "You can't perform this operation on the secret because it was marked for deletion.",
      Status: 400,
    },
  );
  assert.equal(out.describe_deleted, out.delete.DeletionDate);
  assert.deepEqual(out.restore, { ARN: arn, Name: name });
  assert.equal(out.get_after_restore, 's1');

  assert.deepEqual(out.batch.values, { [name]: 's1', [`${name}-other`]: 'o' });
  assert.deepEqual(out.batch.errors, [
    { SecretId: `${name}-missing`, ErrorCode: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
  ]);
  assert.match(out.password, /^[A-Za-z0-9]{32}$/);

  assert.deepEqual(
    { Code: out.not_found.Code, Message: out.not_found.Message, Status: out.not_found.Status },
    { Code: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret.", Status: 400 },
  );
  assert.match(out.not_found.RequestId, /^[0-9a-f-]{36}$/);
  assert.equal(out.exists.Code, 'ResourceExistsException');
  assert.equal(out.exists.Message, `The operation failed because the secret ${name} already exists.`);

  assert.ok(out.statuses.every((s: number) => s === 200));
  assert.equal(new Set(out.request_ids).size, out.request_ids.length, 'every response has its own x-amzn-RequestId');
});
