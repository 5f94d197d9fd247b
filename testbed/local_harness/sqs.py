"""A local SQS-compatible server (moto's) on a free loopback port, for the demo and the tests.

Started like the simulator: `with running_sqs() as sqs:` yields the endpoint and makes queues; the
simulator sends ORDER_CHANGE notifications to it (`--sqs-endpoint`), and Airflow's SQS trigger reads
them through an AWS connection whose extra names the endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from local_harness.ports import free_port
from sp_api_simulator.notifier import LOCAL_AWS_CREDENTIALS

REGION = "us-east-1"
# moto's default account; its credentials are the simulator's notifier's (moto checks none).
ACCOUNT = "123456789012"
CREDENTIALS = LOCAL_AWS_CREDENTIALS


@dataclass(frozen=True)
class Queue:
    name: str
    url: str
    arn: str


@dataclass(frozen=True)
class LocalSqs:
    endpoint: str

    def client(self) -> Any:
        import boto3

        return boto3.client("sqs", endpoint_url=self.endpoint, region_name=REGION, **CREDENTIALS)

    def create_queue(self, name: str) -> Queue:
        sqs = self.client()
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return Queue(name, url, arn)

    def receive(self, queue: Queue, wait_seconds: int = 1, delete: bool = True) -> list[dict[str, Any]]:
        """The messages waiting in the queue (their bodies parsed), taken off it unless `delete` is False."""
        sqs = self.client()
        found = sqs.receive_message(QueueUrl=queue.url, MaxNumberOfMessages=10, WaitTimeSeconds=wait_seconds)
        messages = found.get("Messages", [])
        for message in messages if delete else ():
            sqs.delete_message(QueueUrl=queue.url, ReceiptHandle=message["ReceiptHandle"])
        return [json.loads(m["Body"]) for m in messages]

    def aws_connection(self) -> dict[str, Any]:
        """An Airflow AWS connection (JSON form) to this server."""
        return {
            "conn_type": "aws",
            "login": CREDENTIALS["aws_access_key_id"],
            "password": CREDENTIALS["aws_secret_access_key"],
            "extra": {"endpoint_url": self.endpoint, "region_name": REGION},
        }


@contextmanager
def running_sqs() -> Iterator[LocalSqs]:
    """moto's server on a free loopback port, in a thread; stopped when the block ends."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield LocalSqs(f"http://127.0.0.1:{port}")
    finally:
        server.stop()
