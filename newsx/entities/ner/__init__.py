"""newsx's own Arabic named-entity recogniser: corpora, features, training, tagging, evaluation."""
