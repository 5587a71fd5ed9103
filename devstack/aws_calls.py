"""Records which AWS calls each Lambda function of the panel makes, so the tests can prove that
infra/access.py grants every function what it calls (tests/infra/test_recorded_calls.py).

Switched on by `PANEL_RECORD_AWS_CALLS=<file>` (tests/conftest.py and devstack/api_server.py call
`install` before any AWS client exists); without it nothing is hooked and nothing costs anything.

A call is attributed to the function that would serve it in the cloud, known while a Chalice
event runs: an API request belongs to the route group of its view's blueprint module
(infra/layout.py), an SQS batch or a scheduled event to the handler named by the Lambda context
(`LocalContext(handler.name)` locally, `smm-panel-<stage>-<name>` in the cloud). AWS calls made
outside any event (test set-up, provisioning) belong to no function and are not recorded.

What is recorded is the IAM action and the resource in the app's own terms (table and index,
queue name, secret name, bucket and key), one JSON object a line, each distinct record once per
process: `{"function": "orders", "action": "dynamodb:Query",
"resource": {"type": "table", "name": "panel-test", "index": "gsi1"}}`.
- botocore's `provide-client-params` event sees every operation of every client created from the
  default session, including presigned GETs (signing a URL needs the permission the browser
  later uses); presigned POSTs skip it, so the S3 client class's `generate_presigned_post` is
  wrapped when botocore builds the class (`creating-client-class.s3`).
- The secret store keeps values in memory for minutes, so a function may read a secret another
  function's request fetched in the same test process: its `get` is wrapped so every read is
  recorded as the GetSecretValue the function needs. Writes reach Secrets Manager (moto) and are
  seen like any other call.
- The mail outbox (the local stand-in for SES) makes no AWS call: its entry point is wrapped so
  the call the cloud would make is recorded all the same.
"""

from __future__ import annotations

import contextvars
import json
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import boto3
from chalice.app import Chalice, Request

from infra.layout import APP_NAME, group_of_module

SWITCH = "PANEL_RECORD_AWS_CALLS"

_function: contextvars.ContextVar[str | None] = contextvars.ContextVar("aws_calls_function", default=None)

# DynamoDB checks a transaction's items one by one, each under its own action.
_TRANSACT_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                     "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}
# S3 operations whose IAM action has another name.
_S3_ACTIONS = {"HeadObject": "GetObject", "ListObjectsV2": "ListBucket", "DeleteObjects": "DeleteObject"}
# Parameter Store operations and the Secrets Manager ones they stand for.
# botocore's service ids that differ from the IAM prefix.
_IAM_PREFIX = {"sesv2": "ses"}

Record = dict[str, Any]


class Recorder:
    def __init__(self, path: Path, stage: str) -> None:
        self.path = path
        self.stage = stage
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def record(self, action: str, resource: dict[str, str]) -> None:
        function = _function.get()
        if function is None:
            return
        line = json.dumps({"function": function, "action": action, "resource": resource}, sort_keys=True)
        with self._lock:
            if line in self._seen:
                return
            self._seen.add(line)
            # Appending one short line at a time lets the API server's process and the test
            # process share one file, and nothing is lost when a process is killed.
            with self.path.open("a") as out:
                out.write(line + "\n")

    def secret_name(self, name: str) -> str:
        """The app's name of a secret from Secrets Manager's `smm-panel/<stage>/<name>`."""
        return name.removeprefix(f"{APP_NAME}/{self.stage}/")

    def on_params(self, params: dict[str, Any], model: Any, context: dict[str, Any], event_name: str,
                  **_: Any) -> None:
        service = event_name.split(".")[1]
        operation = model.name
        if context.get("is_presign_request") and operation == "CreateBucket":
            return  # a presigned POST: recorded with its key by the wrapper below
        for action, resource in self.describe(service, operation, params):
            self.record(action, resource)

    def describe(self, service: str, operation: str, params: dict[str, Any]) -> Iterator[tuple[str, dict[str, str]]]:
        """The IAM actions and resources one operation needs."""
        if service == "dynamodb":
            yield from _dynamodb(operation, params)
        elif service == "sqs":
            url = params.get("QueueUrl")
            name = urlparse(url).path.rsplit("/", 1)[-1] if url else params.get("QueueName", "")
            yield f"sqs:{operation}", {"type": "queue", "name": name}
        elif service == "s3":
            yield from _s3(operation, params)
        elif service == "secrets-manager":
            yield (f"secretsmanager:{operation}",
                   {"type": "secret", "name": self.secret_name(params.get("SecretId") or params.get("Name", ""))})
        elif service == "sesv2" and operation == "SendEmail":
            yield "ses:SendEmail", {"type": "mail_identity", "from": params.get("FromEmailAddress", "")}
        else:
            yield f"{_IAM_PREFIX.get(service, service)}:{operation}", {"type": "unknown"}


def _dynamodb(operation: str, params: dict[str, Any]) -> Iterator[tuple[str, dict[str, str]]]:
    if operation in ("TransactWriteItems", "TransactGetItems"):
        for item in params.get("TransactItems", []):
            for kind, body in item.items():
                yield f"dynamodb:{_TRANSACT_ACTIONS[kind]}", {"type": "table", "name": body["TableName"]}
    elif operation in ("BatchGetItem", "BatchWriteItem"):
        for table in params.get("RequestItems", {}):
            yield f"dynamodb:{operation}", {"type": "table", "name": table}
    else:
        resource = {"type": "table", "name": params.get("TableName", "")}
        if params.get("IndexName"):
            resource["index"] = params["IndexName"]
        yield f"dynamodb:{operation}", resource


def _s3(operation: str, params: dict[str, Any]) -> Iterator[tuple[str, dict[str, str]]]:
    action = f"s3:{_S3_ACTIONS.get(operation, operation)}"
    bucket = params.get("Bucket", "")
    if operation == "ListObjectsV2":
        yield action, {"type": "bucket", "bucket": bucket, "prefix": params.get("Prefix", "")}
    elif operation == "DeleteObjects":
        for entry in params.get("Delete", {}).get("Objects", []):
            yield action, {"type": "object", "bucket": bucket, "key": entry["Key"]}
    else:
        yield action, {"type": "object", "bucket": bucket, "key": params.get("Key", "")}


def _function_of(app: Chalice, event: Any) -> str | None:
    if isinstance(event, Request):
        route = (event.context or {}).get("resourcePath")
        entry = app.routes.get(route, {}).get(event.method) if route else None
        return group_of_module(entry.view_function.__module__).name if entry else None
    name = getattr(getattr(event, "context", None), "function_name", None)
    return str(name).rsplit("-", 1)[-1] if name else None


@contextmanager
def serving(function: str) -> Iterator[None]:
    """Attribute the AWS calls made inside to `function` (an event the middleware cannot see)."""
    token = _function.set(function)
    try:
        yield
    finally:
        _function.reset(token)


def _attribute_events(app: Chalice) -> None:
    def attribute(event: Any, get_response: Callable[[Any], Any]) -> Any:
        function = _function_of(app, event)
        if function is None:
            return get_response(event)
        with serving(function):
            return get_response(event)

    # Outermost, so the app's own middleware's calls count for the function too.
    app.middleware_handlers.insert(0, (attribute, "all"))


def _threads_inherit_the_function() -> None:
    """Worker threads (the dispatcher's concurrent provider calls) start with an empty context;
    give each task the context of the code that submitted it, so its calls keep their function."""
    submit = ThreadPoolExecutor.submit

    def submit_in_context(self: ThreadPoolExecutor, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return submit(self, contextvars.copy_context().run, fn, *args, **kwargs)

    ThreadPoolExecutor.submit = submit_in_context  # type: ignore[method-assign, assignment]


def _wrap_local_stand_ins(recorder: Recorder) -> None:
    from chalicelib.adapters import mail, secret_store
    from chalicelib.settings import get_settings

    get_secret, send_mail = secret_store.get, mail.send

    def get(name: str) -> str:
        recorder.record("secretsmanager:GetSecretValue", {"type": "secret", "name": name})
        return get_secret(name)

    def send(to: str, subject: str, text: str, *, sender: str | None = None) -> None:
        recorder.record("ses:SendEmail", {"type": "mail_identity", "from": get_settings().mail_from})
        send_mail(to, subject, text, sender=sender)

    secret_store.get, mail.send = get, send


def _wrap_presigned_post(recorder: Recorder) -> Callable[..., None]:
    def on_class(class_attributes: dict[str, Any], **_: Any) -> None:
        original = class_attributes["generate_presigned_post"]

        def generate_presigned_post(client: Any, Bucket: str, Key: str, *args: Any, **kwargs: Any) -> Any:
            recorder.record("s3:PutObject", {"type": "object", "bucket": Bucket, "key": Key})
            return original(client, Bucket, Key, *args, **kwargs)

        class_attributes["generate_presigned_post"] = generate_presigned_post

    return on_class


def hook(events: Any, recorder: Recorder) -> None:
    """Record the operations of every client created from now on with these session events."""
    events.register("provide-client-params", recorder.on_params)
    events.register("creating-client-class.s3", _wrap_presigned_post(recorder))


def install(app: Chalice) -> Recorder | None:
    """Start recording into the switch's file, if it is set. Call before any AWS client exists."""
    target = os.environ.get(SWITCH)
    if not target:
        return None
    from chalicelib.settings import get_settings

    recorder = Recorder(Path(target), get_settings().stage)
    if boto3.DEFAULT_SESSION is None:
        boto3.setup_default_session()
    assert boto3.DEFAULT_SESSION is not None
    hook(boto3.DEFAULT_SESSION.events, recorder)
    _attribute_events(app)
    _threads_inherit_the_function()
    _wrap_local_stand_ins(recorder)
    return recorder


def read(path: Path) -> list[Record]:
    """The distinct records of a recording file (several processes may have written to it)."""
    if not path.exists():
        return []
    lines = {line for line in path.read_text().splitlines() if line.strip()}
    return [json.loads(line) for line in sorted(lines)]
