#!/bin/sh
# Generates Python message and gRPC stub modules from the repository's protos into $1 (default
# ./kargo_gen) with Debian's protoc (protobuf-compiler, >= 3.15 for proto3 `optional`), its gRPC
# Python plugin (protobuf-compiler-grpc) and the well-known types (libprotobuf-dev).
set -eu
here=$(dirname "$0")
proto="$here/../../../proto"
out=${1:-kargo_gen}
mkdir -p "$out"
protoc -I "$proto" --python_out="$out" --grpc_out="$out" --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" \
  "$proto"/kargo/api/v1/*.proto "$proto"/grpc/health/v1/health.proto "$proto"/google/rpc/error_details.proto
