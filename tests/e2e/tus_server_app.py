"""A real tus server for the upload tests and benchmark: tuspyserver (FastAPI) under uvicorn.

Run as a separate process (``python tests/e2e/tus_server_app.py ...``) so the server never
shares the client's interpreter lock: the tests then measure the client, not a contended
GIL. It listens on 127.0.0.1 only, on a port the OS picks, and prints ``PORT <n>`` once it
accepts connections.

Small additions a receiver's real server would not have, all under ``/_test``: a switch
that makes the next N requests of a method fail with a given status (for "server error,
then recovery" and "no progress until giving up"), a request size limit like a proxy's,
request counts, and the last bearer token received. Uploads need
``Authorization: Bearer <token>`` when ``--token`` is given.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys

import uvicorn
from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from tuspyserver import create_tus_router


def build_app(files_dir: str, token: str) -> FastAPI:
    faults: dict[str, list[int]] = {}  # method -> [remaining, status]
    counts: dict[str, int] = {}
    limit = {"bytes": 0}  # like a proxy's request size limit: 0 means none
    seen = {"token": ""}  # the bearer token of the last upload request (for the canary test)

    def require_token(authorization: str | None = Header(None)) -> None:
        if token and authorization != f"Bearer {token}":
            raise HTTPException(status_code=401, detail="A valid upload token is needed.")

    app = FastAPI()
    app.include_router(create_tus_router(prefix="files", files_dir=files_dir,
                                         auth=require_token, days_to_keep=1))

    @app.middleware("http")
    async def inject_faults(request: Request, call_next):  # type: ignore[no-untyped-def]
        method = request.method.upper()
        if request.url.path.startswith("/files"):
            counts[method] = counts.get(method, 0) + 1
            bearer = request.headers.get("authorization", "")
            if bearer.startswith("Bearer "):
                seen["token"] = bearer.removeprefix("Bearer ")
        length = int(request.headers.get("content-length") or 0)
        if method == "PATCH" and limit["bytes"] and length > limit["bytes"]:
            return Response(status_code=413, content=b"request too large")
        fault = faults.get(method)
        if fault and fault[0] > 0 and request.url.path.startswith("/files"):
            fault[0] -= 1
            return Response(status_code=fault[1], content=b"injected failure")
        return await call_next(request)

    @app.post("/_test/fail")
    async def set_fault(method: str, count: int, status: int = 503) -> dict[str, int]:
        faults[method.upper()] = [count, status]
        return {"count": count}

    @app.post("/_test/limit")
    async def set_limit(bytes: int) -> dict[str, int]:
        limit["bytes"] = bytes
        return limit

    @app.get("/_test/last-token")
    async def last_token() -> dict[str, str]:
        return seen

    @app.get("/_test/counts")
    async def get_counts() -> JSONResponse:
        return JSONResponse(counts)

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", required=True)
    parser.add_argument("--cert", default="")
    parser.add_argument("--key", default="")
    parser.add_argument("--token", default="")
    args = parser.parse_args()
    os.makedirs(args.files, exist_ok=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    config = uvicorn.Config(build_app(args.files, args.token), log_level="warning",
                            ssl_certfile=args.cert or None, ssl_keyfile=args.key or None,
                            access_log=False, lifespan="off", timeout_keep_alive=30,
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)

    async def serve() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.02)
        print(f"PORT {port}", flush=True)
        await task

    asyncio.run(serve())
    sys.exit(0)


if __name__ == "__main__":
    main()
