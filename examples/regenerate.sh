#!/usr/bin/env bash
# Rebuild the sample outputs in examples/outputs/ from the sample inputs (run from anywhere).
set -euo pipefail
cd "$(dirname "$0")"
newsx=${NEWSX:-../.venv/bin/newsx}
mkdir -p outputs
$newsx extract ../seeds/000_6a0ec1e029379d25.txt --date 2019-11-26 -f json -o outputs/seed.json -q
$newsx extract ../seeds/000_6a0ec1e029379d25.txt --date 2019-11-26 -f table > outputs/seed.table.txt
$newsx extract ../seeds/000_6a0ec1e029379d25.txt --date 2019-11-26 --records events -f csv -o outputs/seed.events.csv -q
$newsx extract ../seeds/000_6a0ec1e029379d25.txt --records actors -f csv -o outputs/seed.actors.csv -q
$newsx extract ../seeds/000_6a0ec1e029379d25.txt -f conll -o outputs/seed.conll -q
$newsx extract articles.jsonl --input-format jsonl -o outputs/articles.jsonl -q
$newsx extract corpus/ -o outputs/corpus.entities.csv -f csv -q
