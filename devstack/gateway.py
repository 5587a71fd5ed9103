"""Local stand-in for CloudFront: one origin that serves frontend/dist and forwards
/api/* to `chalice local`, so the browser never needs CORS, exactly as in the cloud.

Security headers come from infra/security_headers.py, which renders
frontend/security-headers.json for the cloud's response-headers policy and for this
gateway. Unknown paths without a file extension get index.html (client-side routes), as
CloudFront's error-response rule does.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout, web

from devstack.stack import FRONTEND_DIST, STACKS
from infra.security_headers import local_headers

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authorization", "proxy-authenticate", "host", "content-length"}
# What only the gateway may say: a client's own copies are dropped, never forwarded.
VIEWER_HEADERS = {"cloudfront-viewer-address", "x-origin-verify"}


def build_app(api_url: str, root: Path, security_headers: dict[str, str],
              origin_secret: str = "") -> web.Application:

    async def on_startup(app: web.Application) -> None:
        app["client"] = ClientSession(timeout=ClientTimeout(total=60), auto_decompress=False)

    async def on_cleanup(app: web.Application) -> None:
        await app["client"].close()

    async def proxy(request: web.Request) -> web.StreamResponse:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP | VIEWER_HEADERS}
        peer = request.transport.get_extra_info("peername") if request.transport else None
        headers["CloudFront-Viewer-Address"] = f"{peer[0]}:{peer[1]}" if peer else "127.0.0.1:0"
        if origin_secret:  # as CloudFront's origin custom header: the API trusts the address only with it
            headers["X-Origin-Verify"] = origin_secret
        body = await request.read()
        # aiohttp would label a body-less request application/octet-stream; forward as sent.
        skip = [] if "Content-Type" in request.headers else ["Content-Type"]
        async with request.app["client"].request(request.method, api_url + request.path_qs,
                                                 headers=headers, data=body or None, skip_auto_headers=skip,
                                                 allow_redirects=False) as upstream:
            payload = await upstream.read()
            response = web.Response(status=upstream.status, body=payload)
            for name, value in upstream.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    response.headers.add(name, value)
            return response

    async def static(request: web.Request) -> web.StreamResponse:
        relative = request.path.lstrip("/")
        candidate = (root / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(root.resolve()):
            response: web.StreamResponse = web.FileResponse(candidate)
        elif "." in relative.rsplit("/", 1)[-1]:
            response = web.Response(status=404, text="Not found")
        else:
            response = web.FileResponse(root / "index.html")
            response.headers["Cache-Control"] = "no-cache"
        response.headers.update(security_headers)
        return response

    app = web.Application(client_max_size=12 * 1024 * 1024)
    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    app.router.add_route("*", "/api/{tail:.*}", proxy)
    app.router.add_route("*", "/api", proxy)
    app.router.add_get("/{tail:.*}", static)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", default="local", choices=sorted(STACKS))
    args = parser.parse_args()
    stack = STACKS[args.stage]
    env = stack.env
    headers = local_headers(env.get("PANEL_STRIPE_API_BASE"), env.get("AWS_ENDPOINT_URL_S3"))
    # The stage's origin secret (PANEL_ORIGIN_VERIFY_SECRET, inherited or from the stage's
    # variables); without one the API ignores the viewer address and sees 127.0.0.1.
    origin_secret = os.environ.get("PANEL_ORIGIN_VERIFY_SECRET") or env.get("PANEL_ORIGIN_VERIFY_SECRET", "")
    web.run_app(build_app(f"http://127.0.0.1:{stack.api_port}", FRONTEND_DIST, headers, origin_secret),
                host="127.0.0.1", port=stack.gateway_port, print=None, access_log=None)


if __name__ == "__main__":
    main()
