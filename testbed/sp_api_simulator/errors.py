"""Errors answered in Amazon's shape: {"errors": [{"code", "message", "details"}]}."""

from __future__ import annotations

from typing import Any


class AmazonError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"errors": [{"code": self.code, "message": self.message, "details": ""}]}


def invalid_input(message: str) -> AmazonError:
    return AmazonError(400, "InvalidInput", message)


def not_found(message: str) -> AmazonError:
    return AmazonError(404, "NotFound", message)


def unauthorized(message: str) -> AmazonError:
    return AmazonError(403, "Unauthorized", message)
