"""The neural NER tagger (issue 13): fastText-style word vectors learned from
ANT news, a character CNN + BiLSTM + CRF trained with torch, exported to ONNX
and run with onnxruntime. Training modules import torch/gensim lazily; the
run-time module (``runtime``) needs only numpy and onnxruntime."""
