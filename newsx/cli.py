"""The ``newsx`` command: a thin shell over the library.

Exit codes: 0 every input processed; 1 some inputs failed (the rest were
processed and written); 2 usage error (bad option, unknown format, missing model);
3 the output could not be written (a full disk; finished documents kept, see --resume);
130/143 stopped by SIGINT/SIGTERM (finished documents kept, see --resume).

Only typer and the names of the choices are imported at start-up: the pipeline,
its models and the output libraries load inside the command that needs them,
so ``newsx --version`` and ``--help`` answer at once.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from newsx import __version__
from newsx.names import CODERS, DEFAULT_CODER, DEFAULT_NER, ENGINES, ENTITY_TYPES, FORMATS, RECOGNISER_NAMES

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3

app = typer.Typer(
    help="People, places, organisations and events from Arabic news, offline.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)

Fmt = Enum("Fmt", {f: f for f in FORMATS}, type=str)  # type: ignore[misc]
Ner = Enum("Ner", {n: n for n in RECOGNISER_NAMES}, type=str)  # type: ignore[misc]
Engine = Enum("Engine", {e: e for e in ENGINES}, type=str)  # type: ignore[misc]


class InputFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


Coder = Enum("Coder", {name: name for name in CODERS}, type=str)  # one list of coders: names.CODERS


class Records(str, Enum):
    documents = "documents"
    entities = "entities"
    actors = "actors"
    events = "events"


def _output_path(arg: str | None) -> Path | None:
    """The -o path; a path written with a trailing slash is a folder, made here
    (a Path would drop the slash and write a file of that name)."""
    if arg is None:
        return None
    path = Path(arg)
    if arg.endswith(("/", "\\")):
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _usage_error(f"{arg}: cannot make the output folder ({exc.strerror}); choose another -o") from None
    return path


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"newsx: error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """newsx reads Arabic news and writes who, what, where."""


@app.command()
def extract(
    paths: list[str] = typer.Argument(None, help="Files or folders (every *.txt, or *.jsonl with --input-format jsonl, recursively); '-' or nothing reads stdin."),
    format: Optional[Fmt] = typer.Option(None, "--format", "-f", help="table (default on a terminal), jsonl (default when piped), json, csv (one row per entity), conll (token TAB BIO tag), html (a page to read: the text with entities and events marked; one per input with a folder -o, plus index.html), parquet (typed tables; -o a folder or x.parquet), sqlite (-o out.db)."),
    output_arg: Optional[str] = typer.Option(None, "--output", "-o", help="Write here instead of stdout: a file, or a folder (an existing one, or a path ending in /, made if need be) to mirror the input tree."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes (with --engine dask and no --scheduler: local Dask workers)."),
    engine: Engine = typer.Option("process", "--engine", help="process: one machine's process pool; dask: a Dask cluster (pip install 'newsx[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster of --jobs workers."),
    resume: bool = typer.Option(False, "--resume", help="Finish an interrupted run: skip documents already written (same id and content) to the -o file (jsonl, csv, conll), database or Parquet tables."),
    input_format: InputFormat = typer.Option(InputFormat.text, "--input-format", help="text: one article per file; jsonl: one JSON object per line."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL field holding the article text."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL field holding the document id."),
    date_field: str = typer.Option("date", "--date-field", help="JSONL field holding the publication date."),
    records: Records = typer.Option(Records.documents, "--records", help="documents: one record per document; entities, actors or events: one record each (with doc_id)."),
    types: Optional[str] = typer.Option(None, "--types", help=f"Comma-separated entity types to write, from {','.join(ENTITY_TYPES)} (actors and events are still built from every entity)."),
    date: Optional[str] = typer.Option(None, "--date", help="Publication date (YYYY-MM-DD) for inputs without one, to resolve أمس, الشهر الماضي ..."),
    date_from_name: bool = typer.Option(False, "--date-from-name", help="Take a text file's publication date from its name (news-20170216.txt, 2017-02-16_x.txt) when it holds one; before --date."),
    ner: Ner = typer.Option(DEFAULT_NER, "--ner", help="Recogniser: model (newsx's own), gazetteer, or an optional backend (camel, stanza)."),
    model: Optional[Path] = typer.Option(None, "--model", "--model-dir", help="Folder of the recogniser's model (for camel/stanza backends, or another newsx model)."),
    coder: Coder = typer.Option(Coder(DEFAULT_CODER), "--coder", help="Event coder: learned (trained on the newsx event corpus) or rules (the lexicon and argument rules alone)."),
    all_events: bool = typer.Option(False, "--all-events", help="Also write events that are denied, planned, possible or only recalled as background, each with its status (default: only what happened or was said)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no warnings; errors are still printed."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for internal errors."),
) -> None:
    """Extract entities, actors and events from Arabic news articles.

    [b]Examples[/b]

      newsx extract seeds/000_6a0ec1e029379d25.txt
      cat article.txt | newsx extract | jq '.entities[] | select(.type=="PER") | .canonical'
      newsx extract corpus/ -o out.jsonl --jobs 2
      newsx extract articles.jsonl --input-format jsonl --text-field body --id-field url
      newsx extract corpus/ -f csv --records entities -o entities.csv
      newsx extract article.txt --records events -f csv --date 2019-11-26
      newsx extract archive/ --date-from-name --records events -o events.jsonl
      newsx extract archive/ -f parquet -o tables/ --jobs 2 --resume
      newsx extract archive/ -o out.db --resume
      newsx extract archive/ -o out.jsonl --engine dask --scheduler tcp://10.0.0.5:8786

    [b]Exit codes[/b]: 0 every input processed; 1 some inputs failed (one line each on stderr, an
    errors entry in their records; the rest were processed and written); 2 usage error;
    3 the output could not be written (a full disk: finished documents kept; free space, then --resume);
    130/143 stopped by SIGINT/SIGTERM (finished documents kept; --resume finishes the run).
    """
    type_set = None
    if types:
        type_set = {t.strip().upper() for t in types.split(",") if t.strip()}
        unknown = type_set - set(ENTITY_TYPES)
        if unknown:
            raise _usage_error(f"unknown entity type(s) {', '.join(sorted(unknown))}; choose from {','.join(ENTITY_TYPES)}")
    doc_date = None
    if date:
        from newsx.dates.expressions import parse_date

        doc_date = parse_date(date)
        if doc_date is None:
            raise _usage_error(f"cannot read --date {date!r}; use YYYY-MM-DD")
    from newsx.io.batch import run, stop_message, write_failure_message
    from newsx.io.process import keep_freed_memory
    from newsx.io.signals import stop_on_signals
    from newsx.io.read import iter_inputs
    from newsx.io.sink import format_for, open_sink
    from newsx.pipeline import Pipeline

    output = _output_path(output_arg)
    fmt = format_for(output, format.value if format else None, sys.stdout.isatty())
    pipeline = Pipeline(ner=ner.value, model=model, types=type_set, date=doc_date, coder=coder.value,
                        all_events=all_events)
    try:
        if engine.value != "dask":  # Dask workers load their own
            keep_freed_memory()  # before the models' loading, whose freed buffers the batches reuse
            pipeline.load()
    except Exception as exc:  # a missing or broken model is a usage problem
        if debug:
            raise
        raise _usage_error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    if not paths and sys.stdin.isatty():
        raise _usage_error("no input: name files or folders, or pipe text in (see newsx extract --help)")
    items = list(iter_inputs(paths or ["-"], input_format.value, text_field, id_field, date_field,
                             date_from_name=date_from_name))
    if engine.value == "dask":
        try:
            import newsx.dask  # noqa: F401
        except ImportError:
            raise _usage_error("--engine dask needs dask and distributed: pip install 'newsx[dask]'") from None
    where = str(output) if output is not None else "stdout"
    with stop_on_signals() as stop:  # before the sink exists: a signal never leaves its files behind
        try:
            sink = open_sink(output, fmt, records.value, resume)
        except (ValueError, ImportError) as exc:
            raise _usage_error(str(exc)) from None
        except OSError as exc:  # the output cannot even be started (a full disk, permissions)
            if debug:
                raise
            typer.echo(f"newsx: error: {write_failure_message(where, exc, None)}", err=True)
            raise typer.Exit(EXIT_OUTPUT) from None
        try:
            stats = run(items, pipeline, sink, jobs=jobs, debug=debug, progress=not quiet, quiet=quiet,
                        engine=engine.value, scheduler=scheduler, stop=stop)
            if not stats.interrupted:
                sink.finish()  # a signal now is only recorded: the complete output is put in place
        except OSError as exc:  # the output failed (a full disk): keep what is finished
            sink.abandon()
            if debug:
                raise
            if isinstance(exc, ConnectionError) and scheduler:  # a wrong --scheduler: no document was processed
                typer.echo(f"newsx: error: {scheduler}: {exc}", err=True)
                raise typer.Exit(EXIT_USAGE) from None
            typer.echo(f"newsx: error: {write_failure_message(where, exc, sink)}", err=True)
            raise typer.Exit(EXIT_OUTPUT) from None
        except BaseException:
            sink.abandon()
            raise
        if stats.interrupted:
            sink.abandon()
            typer.echo(f"newsx: error: {stop_message(stats, sink, where)}", err=True)
            raise typer.Exit(stop.exit_code)
    if not quiet and output is not None:
        typer.echo(
            f"newsx: {stats.documents} documents ({stats.restored} already done), {stats.tokens:,} tokens"
            f" in {stats.seconds:.1f}s ({stats.tokens / max(stats.seconds, 1e-9):,.0f} tokens/s),"
            f" {stats.failed} failed -> {output}",
            err=True,
        )
    raise typer.Exit(EXIT_PARTIAL if stats.failed else EXIT_OK)


class Domain(str, Enum):
    auto = "auto"
    news = "news"
    wiki = "wiki"
    aqmar = "aqmar"


class Task(str, Enum):
    ner = "ner"
    events = "events"


class TrainTask(str, Enum):
    ner = "ner"
    embeddings = "embeddings"
    neural = "neural"
    events = "events"


@app.command("eval")
def eval_(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold file: a token-per-line NER corpus (ANERcorp, AQMAR, FANE, Wojood, CoNLL) or, with --task events, a GSR detection CSV or span JSON, or the newsx event corpus (events.jsonl: scores its test split)."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", "-p", exists=True, help="Predicted 'token tag' file over the same tokens (e.g. from newsx extract -f conll); default: tag the gold tokens with the model."),
    scheme: str = typer.Option("auto", "--scheme", help="auto; loc (GPE folded into LOC, as ANERcorp/AQMAR); coarse (PER/ORG/GPE/LOC/MISC)."),
    corpus_format: str = typer.Option("auto", "--corpus-format", help="auto, anercorp, aqmar, fane, wojood, conll."),
    task: Task = typer.Option(Task.ner, "--task", help="ner: entity P/R/F1 with seqeval (exact spans); events: GSR event detection or span agreement."),
    model: Optional[Path] = typer.Option(None, "--model", help="Model folder to evaluate (default: the shipped model)."),
    domain: Domain = typer.Option(Domain.auto, "--domain", help="Annotation conventions to tag with: news, wiki, aqmar, or auto (aqmar for blank-line 'token tag' files, else news)."),
    ner: Ner = typer.Option(DEFAULT_NER, "--ner", help="Recogniser for --task events."),
    coder: Coder = typer.Option(Coder(DEFAULT_CODER), "--coder", help="Event coder for --task events: learned or rules."),
) -> None:
    """Score newsx against gold data: precision, recall and F1 per type and micro.

    [b]Examples[/b]

      newsx eval ../shared/data/anercorp/derived/ANERCorp_approx-CAMeL-boundary_test.txt
      newsx eval ../shared/data/arabic-event-gsr/protest_gsr_dev.csv --task events
      newsx eval corpus/events/events.jsonl --task events --coder rules   # the event corpus's test split
    """
    if task is Task.events:
        from newsx.eval.events import evaluate_events

        from newsx.pipeline import Pipeline

        result = evaluate_events(gold, Pipeline(ner=ner.value, model=model, coder=coder.value))
        for key, value in result.items():
            typer.echo(f"{key:20s} {value:.3f}" if isinstance(value, float) else f"{key:20s} {value}")
        return
    from newsx.entities.ner.evaluate import evaluate

    try:
        report = evaluate(gold, predictions, scheme=scheme, fmt=corpus_format, model_dir=model, domain=domain.value)
    except ValueError as exc:
        raise _usage_error(str(exc)) from None
    typer.echo(str(report))


@app.command()
def train(
    task: TrainTask = typer.Option(TrainTask.ner, "--task", help="ner: the CRF NER model; embeddings: word vectors from ANT news (with --recipe); neural: the neural NER tagger (with --recipe and --vectors); events: the learned event coder, from the event corpus."),
    corpus: Path = typer.Option(Path("corpus/events/events.jsonl"), "--corpus", help="With --task events: the event corpus (its train split trains, dev tunes; test is never read)."),
    train_files: list[Path] = typer.Option(None, "--train", exists=True, help="Training corpora (token-per-line; repeat the option)."),
    dev: Optional[Path] = typer.Option(None, "--dev", exists=True, help="Development corpus, scored after training."),
    out: Path = typer.Option(..., "--out", help="Folder to write the model to."),
    seed: int = typer.Option(1, "--seed", help="Random seed (training is deterministic for a seed)."),
    recipe: Optional[Path] = typer.Option(None, "--recipe", exists=True, file_okay=False, help="Rebuild the shipped model from this data folder (../shared/data) instead of --train files."),
    vectors: Optional[Path] = typer.Option(None, "--vectors", exists=True, dir_okay=False, help="With --task neural: the vectors.npz written by --task embeddings."),
) -> None:
    """Train a newsx model: the NER tagger (CRF) from token-per-line corpora, or the event coder.

    [b]Examples[/b]

      newsx train --recipe ../shared/data --out /tmp/model      # the shipped NER model, from scratch
      newsx train --train a.txt --train b.txt --dev c.txt --out /tmp/model
      newsx train --task events --out newsx/data/events/model   # the shipped event coder, from the corpus
      newsx train --task embeddings --recipe ../shared/data --out /tmp/emb      # news vectors (needs .[train])
      newsx train --task neural --recipe ../shared/data --vectors /tmp/emb/vectors.npz --out /tmp/neural
    """
    if task in (TrainTask.embeddings, TrainTask.neural):
        _train_neural(task, recipe, vectors, out, seed)
        return
    if task is TrainTask.events:
        from newsx.events.train import train as train_events
        from newsx.pipeline import Pipeline

        if not corpus.is_file():
            raise _usage_error(f"{corpus}: no event corpus there; name it with --corpus (corpus/events/events.jsonl in the repository)")
        for key, value in train_events(corpus, out, Pipeline(events=False), log=lambda m: typer.echo(m, err=True)).items():
            typer.echo(f"{key}: {value}")
        return
    from newsx.entities.ner.train import build_shipped_model, train_model

    if recipe is not None:
        summary = build_shipped_model(recipe, out, seed)
    elif train_files:
        summary = train_model(list(train_files), dev, out, seed)
    else:
        raise _usage_error("give --train FILE (repeatable) or --recipe DATA_DIR")
    for key, value in summary.items():
        typer.echo(f"{key}: {value}")


def _train_neural(task: TrainTask, recipe: Optional[Path], vectors: Optional[Path], out: Path, seed: int) -> None:
    """The neural NER model's two steps (torch and gensim come with the ``train`` extra)."""
    from newsx.entities.ner.neural.recipe import build_tagger, build_vectors

    if recipe is None:
        raise _usage_error(f"--task {task.value} needs --recipe DATA_DIR (../shared/data)")
    log = lambda m: typer.echo(m, err=True)  # noqa: E731
    if task is TrainTask.embeddings:
        summary = build_vectors(recipe, out, seed, log=log)
    elif vectors is None:
        raise _usage_error("--task neural needs --vectors FILE (vectors.npz from --task embeddings)")
    else:
        summary = build_tagger(recipe, vectors, out, seed, log=log)
    for key, value in summary.items():
        typer.echo(f"{key}: {value}")


@app.command()
def info() -> None:
    """Version, recognisers and backends, shipped data files and their licences."""
    from newsx.info import collect_info, print_info

    print_info(collect_info())


if __name__ == "__main__":
    app()
