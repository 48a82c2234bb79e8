"""A gRPC client of the Kargo API in Python: AdminLogin, GetVersionInfo and a WatchPromotions stream.

Generate the stubs first (docs/examples/python/generate.sh), then:
  PYTHONPATH=kargo_gen KARGO_API_ADDRESS=localhost:8080 KARGO_ADMIN_PASSWORD=... python3 kargo_client.py
"""
import os

import grpc

from kargo.api.v1 import auth_service_pb2, auth_service_pb2_grpc
from kargo.api.v1 import promotion_service_pb2, promotion_service_pb2_grpc
from kargo.api.v1 import system_service_pb2, system_service_pb2_grpc
from kargo.api.v1 import watch_pb2

address = os.environ.get("KARGO_API_ADDRESS", "localhost:8080")
project = os.environ.get("KARGO_PROJECT", "kargo-demo")
# The major contract version these stubs were generated from (CHANGELOG.md).
CONTRACT_MAJOR = "1"

# gRPC over cleartext HTTP/2 (h2c); use grpc.secure_channel with TLS credentials for https.
with grpc.insecure_channel(address) as channel:
    login = auth_service_pb2_grpc.AuthServiceStub(channel).AdminLogin(
        auth_service_pb2.AdminLoginRequest(password=os.environ["KARGO_ADMIN_PASSWORD"]))
    metadata = [("authorization", f"Bearer {login.id_token}")]

    info = system_service_pb2_grpc.SystemServiceStub(channel).GetVersionInfo(
        system_service_pb2.GetVersionInfoRequest(), metadata=metadata).version_info
    if info.contract_version and info.contract_version.split(".")[0] != CONTRACT_MAJOR:
        raise SystemExit(f"incompatible Kargo API contract: these stubs speak {CONTRACT_MAJOR}.x, "
                         f"the server at {address} speaks {info.contract_version}")
    print(f"server {info.version}, contract {info.contract_version}", flush=True)

    # The current Promotions (a snapshot ending with a BOOKMARK), then each change; stop at the first change.
    live = False
    stream = promotion_service_pb2_grpc.PromotionServiceStub(channel).WatchPromotions(
        promotion_service_pb2.WatchPromotionsRequest(project=project), metadata=metadata)
    for event in stream:
        if event.type == watch_pb2.WATCH_EVENT_TYPE_BOOKMARK:
            if not live:
                print(f"watching promotions of {project}", flush=True)
            live = True
        elif event.HasField("promotion"):
            kind = watch_pb2.WatchEventType.Name(event.type).removeprefix("WATCH_EVENT_TYPE_")
            print(f"{kind} {event.promotion.metadata.name} to {event.promotion.spec.stage}", flush=True)
            if live:
                stream.cancel()
                break
