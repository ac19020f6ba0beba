#!/usr/bin/env python3
"""Runs an AWS Lambda rotation function (Python) for Coffer, unchanged.

Usage, as a Coffer command function:

    bin/coffer function create --name my-rotator --role arn:aws:iam::ACCOUNT:role/ROLE \
        --command "python3 /path/to/coffer/runners/lambda_runner.py /path/to/function-dir"

Coffer runs the command once per rotation step with the Lambda event
{"SecretId", "ClientRequestToken", "Step", "RotationToken"} as JSON on standard input and
SECRETS_MANAGER_ENDPOINT, AWS_REGION and the temporary credentials of a session of the
function's role (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, which boto3 reads
from the environment, as in Lambda) in the environment. This runner imports `lambda_function.py` from the function directory (or the module
given as MODULE.HANDLER, default lambda_function.lambda_handler) and calls the handler with the
event and a Lambda-like context, as the Lambda Python runtime would. AWS's published rotation
functions create their client with boto3.client('secretsmanager',
endpoint_url=os.environ['SECRETS_MANAGER_ENDPOINT']), so they talk to Coffer.

Exit status 0 when the handler returns, 1 when it raises (the traceback goes to standard error,
where Coffer keeps its last lines as the failure message). Logging goes to standard error at
INFO, as in Lambda.
"""
import importlib
import json
import logging
import os
import sys
import time
import uuid


class LambdaContext:
    """The parts of the Lambda context object rotation functions use."""

    def __init__(self, function_name, timeout_seconds):
        self.function_name = function_name
        self.function_version = "$LATEST"
        region = os.environ.get("AWS_REGION", "us-east-1")
        self.invoked_function_arn = "arn:aws:lambda:%s:000000000000:function:%s" % (region, function_name)
        self.memory_limit_in_mb = 128
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = "/aws/lambda/" + function_name
        self.log_stream_name = time.strftime("%Y/%m/%d") + "/[$LATEST]" + uuid.uuid4().hex
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: lambda_runner.py FUNCTION_DIR [MODULE.HANDLER]\n")
        return 2
    function_dir = os.path.abspath(argv[1])
    module_name, _, handler_name = (argv[2] if len(argv) > 2 else "lambda_function.lambda_handler").rpartition(".")
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="[%(levelname)s]\t%(asctime)s\t%(message)s")
    sys.path.insert(0, function_dir)
    event = json.load(sys.stdin)
    handler = getattr(importlib.import_module(module_name), handler_name)
    name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", module_name)
    timeout = float(os.environ.get("AWS_LAMBDA_FUNCTION_TIMEOUT", "300"))
    result = handler(event, LambdaContext(name, timeout))
    if result is not None:
        sys.stdout.write(json.dumps(result, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
