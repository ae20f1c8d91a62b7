#!/usr/bin/env bash
# Everything this project measures on a lent GPU, in one call of a fixed length (see benchmarks/README.md):
#   tests     environment; the kernel and model tests on CUDA (numerics against the torch references);
#   kernels   bench_kernels.py (fp16, bf16): Triton vs scaled_dot_product_attention back-ends;
#   decoding  bench_model.py: batched beam search, Triton on/off, sequences per second, and a torch.profiler
#             table of one call (where a decoding step's time goes);
#   train     the larger integer and float models (KINDS), side by side, for what is left of the budget.
# Weights come back in 16 MB pieces (cat them back together; model.sha256 checks the result) and are evaluated
# off the GPU (python -m sympy_recur.training.evaluate WEIGHTS). Logs and weights go to $OUT; BUDGET (seconds)
# is the whole script's wall time.
#     OUT=/tmp/gpu BUDGET=540 bash benchmarks/gpu_lease.sh                    # the run of 2026-12-04
#     STAGES=train KINDS=int INIT_int=w.safetensors LR=3e-4 BUDGET=200 bash benchmarks/gpu_lease.sh
set -u
OUT=${OUT:-/tmp/gpu_lease}
BUDGET=${BUDGET:-540}
STAGES=${STAGES-"tests kernels decoding train"}
KINDS=${KINDS:-"int float"}
LR=${LR:-1e-3}
TRAIN_ARGS=${TRAIN_ARGS:-"--d_model 256 --n_heads 8 --n_enc_layers 4 --n_dec_layers 4 --d_ff 1024 --max_ops 6 \
--batch_size 512 --lr $LR --min_lr 3e-5 --warmup_steps 400 --eval_interval 2000 --eval_size 200 \
--ckpt_interval ${CKPT_INTERVAL:-1000000} --log_interval 100 --progress false"}
mkdir -p "$OUT"
T0=$(date +%s)
left() { echo $(( BUDGET - ($(date +%s) - T0) )); }
export PYTHONUNBUFFERED=1 PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
PY=${PY:-python3}
LOG=$OUT/lease.log
stage() { echo; echo "=== $1 (t=$(( $(date +%s) - T0 )) s, $(left) s left)"; }
want() { [[ " $STAGES " == *" $1 "* ]]; }
pieces() {  # $1 kind: the weights as pieces under $OUT (a single file may not exceed 16 MiB there)
    local w="$OUT/$1/model.safetensors"
    [ -f "$w" ] || return 0
    cp "$w" "$OUT/$1.tmp" && (cd "$OUT" && sha256sum "$1.tmp" | sed "s/$1.tmp/$1_model.safetensors/" \
        > "$1_model.sha256" && split -b 16000000 -d "$1.tmp" "$1_model.safetensors.part" && rm "$1.tmp")
}
{
stage environment
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.mem --format=csv 2>&1
$PY -c "import sys, torch, sympy, mpmath, safetensors; import triton; print(sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, 'triton', triton.__version__, 'sympy', sympy.__version__, 'gpu', torch.cuda.is_available() and torch.cuda.get_device_name())"
if want tests; then
    stage "kernel and model tests on CUDA"
    timeout 120 $PY -m pytest -q -p no:cacheprovider tests/kernels tests/model/test_attention.py \
        tests/model/test_beam_search.py 2>&1 | tail -15
fi
if want kernels; then
    stage "bench_kernels fp16"
    timeout 90 $PY benchmarks/bench_kernels.py --dtype fp16 --no-append 2>&1
    stage "bench_kernels bf16"
    timeout 60 $PY benchmarks/bench_kernels.py --dtype bf16 --no-append 2>&1
fi
if want decoding; then
    stage "batched decoding"
    timeout 90 $PY benchmarks/bench_model.py --skip "${BENCH_SKIP:-generator}" \
        --decode_batches "${DECODE_BATCHES:-1,64,256,1024}" --profile "${PROFILE_B:-256}" \
        --out /tmp/bench_model.jsonl 2>&1
fi
if want train; then
    stage "training: $KINDS (side by side on the same GPU)"
    MIN=$(python3 -c "print(max(0.5, ($(left) - 50) / 60))")
    echo "max_minutes $MIN"
    n_kinds=$(echo $KINDS | wc -w)
    pids=()
    for k in $KINDS; do
        workers=$(( 15 / n_kinds )); [ "$k" = float ] && [ "$n_kinds" -gt 1 ] && workers=5
        [ "$k" = int ] && [ "$n_kinds" -gt 1 ] && workers=10
        init_var="INIT_$k"; init=${!init_var:-}
        # the in-training evaluations decode with torch SDPA: a kernel problem must not cost the run
        SYMPY_RECUR_TRITON=0 timeout $(( $(left) - 15 )) $PY -m sympy_recur.training.train --kind $k \
            $([ "$k" = float ] && echo "--p_const 0.6") ${init:+--init_from "$init"} --out_dir "$OUT/$k" \
            --max_minutes "$MIN" $TRAIN_ARGS --num_workers $workers > "$OUT/${k}_train.txt" 2>&1 &
        pids+=($!)
    done
    if [ -n "${CKPT_INTERVAL:-}" ]; then  # a run cut short still brings back its last checkpoint's weights
        (while sleep 30; do for k in $KINDS; do pieces $k; done; done) &
        saver=$!
    fi
    wait "${pids[@]}"
    [ -n "${saver:-}" ] && kill $saver
    for k in $KINDS; do
        echo "--- $k"; tail -3 "$OUT/${k}_train.txt"; cat "$OUT/$k/metrics.jsonl"; pieces $k; cat "$OUT/${k}_model.sha256"
    done
fi
stage done
} 2>&1 | tee "$LOG"
for k in $KINDS; do rm -rf "$OUT/$k" "$OUT/${k}_train.txt"; done
ls -la "$OUT"
