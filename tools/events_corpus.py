"""Build and check the newsx event corpus (docs/annotation.md).

    python tools/events_corpus.py select [--shared ../shared]   # pick the 400 articles, write corpus/events/
    python tools/events_corpus.py check FILE.jsonl               # resolve an annotator's quotes to offsets, list problems
    python tools/events_corpus.py build                          # corpus/events/raw/*.jsonl -> events.jsonl (+ agreement)

Selection is deterministic (md5 order within strata) and leaves out the first 300 bench articles, which
the rule coder was developed on, so that the corpus judges the rules and the learned coder alike.
Annotators quote text; this tool turns the quotes into character offsets, so offsets are never typed by hand.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "events"
ARTICLES = CORPUS / "articles"
TYPES = ("STATEMENT", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
STATUSES = ("asserted", "negated", "planned", "possible", "background")
MIN_WORDS, MAX_WORDS = 120, 330
# bench strata (outlet -> articles) and archive strata ((corpus, category) -> articles): 400 in all
BENCH_STRATA = {"BBC": 60, "CNN": 50, "france24": 60, "skynews": 60,
                "alarabia": 50, "Jawhara FM": 50}
ARCHIVE_STRATA = {("multisource", "economy"): 25, ("jawharafm", "economy"): 5, ("jawharafm", "society"): 10,
                  ("jawharafm", "localNews"): 10, ("multisource", "culture"): 10, ("multisource", "technology"): 5,
                  ("multisource", "sport"): 5}
BATCHES, DOUBLE_PER_BATCH = 5, 8


def _key(name: str) -> str:
    return hashlib.md5(name.encode("utf-8")).hexdigest()


def _tidy(text: str) -> str:
    """The bench corpus's normalisation: lines stripped, runs of blank lines folded, NBSP as a space."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _archive_items(path: Path, corpus: str):
    """(category, docno, title, body) for each article in an ANT tarball."""
    import html
    with tarfile.open(path) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            raw = tar.extractfile(member).read().decode("utf-8", "replace")
            field = lambda tag: (re.search(rf"<{tag}>(.*?)</{tag}>", raw, re.S) or [None, ""])[1]
            parts = member.name.split("/")
            category = parts[-2]
            yield category, field("DOCNO").strip(), html.unescape(field("TITLE")).strip(), html.unescape(field("TEXT"))


def _pick(shared: Path, skip: int) -> list[dict]:
    """The articles of each stratum in md5 order, after the first ``skip`` times its share
    (``skip=0``: the first selection; ``skip=1``: the next as many, for a second round)."""
    bench = shared / "data" / "news" / "bench"
    rows = [ln.split("\t") for ln in (bench / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    dev = {p.name for p in sorted(bench.glob("*.txt"))[:300]}
    chosen: list[dict] = []
    for outlet, n in BENCH_STRATA.items():
        pool = [r for r in rows if r[2] == outlet and r[0] not in dev and MIN_WORDS <= int(r[6]) <= MAX_WORDS]
        for r in sorted(pool, key=lambda r: _key(r[0]))[skip * n : (skip + 1) * n]:
            text = (bench / r[0]).read_text(encoding="utf-8")
            chosen.append({"id": r[0][:-4], "outlet": outlet, "category": r[3], "origin": f"bench/{r[0]}",
                           "text": text})
    archives = {"multisource": shared / "data/news/ant-multisource/antcorpus.multisource.data.tar.xz",
                "jawharafm": shared / "data/news/ant-jawharafm/antcorpus.data.tar.xz"}
    for corpus, path in archives.items():
        wanted = {cat: n for (c, cat), n in ARCHIVE_STRATA.items() if c == corpus}
        pools: dict[str, list] = {cat: [] for cat in wanted}
        for category, docno, title, body in _archive_items(path, corpus):
            if category in pools and MIN_WORDS <= len(body.split()) <= MAX_WORDS:
                pools[category].append((_key(docno), docno, title, body))
        for category, pool in pools.items():
            n = wanted[category]
            for _, docno, title, body in sorted(pool)[skip * n : (skip + 1) * n]:
                chosen.append({"id": f"ant-{docno}", "outlet": docno.split("-")[0], "category": category,
                               "origin": f"{path.parent.name}/{path.name}#{docno}",
                               "text": _tidy(title + "\n\n" + body)})
    return chosen


def select(shared: Path) -> None:
    """Pick the corpus articles and write them with a manifest and the batch plan."""
    chosen = _pick(shared, 0)
    ARTICLES.mkdir(parents=True, exist_ok=True)
    chosen.sort(key=lambda a: _key(a["id"]))
    for i, art in enumerate(chosen):
        (ARTICLES / f"{art['id']}.txt").write_text(art["text"], encoding="utf-8")
        art["batch"] = f"B{i % BATCHES + 1}"
    with open(CORPUS / "manifest.tsv", "w", encoding="utf-8") as out:
        out.write("id\toutlet\tcategory\torigin\tchars\tbatch\n")
        for a in chosen:
            out.write(f"{a['id']}\t{a['outlet']}\t{a['category']}\t{a['origin']}\t{len(a['text'])}\t{a['batch']}\n")
    plan = {}
    for b in range(1, BATCHES + 1):
        own = [a["id"] for a in chosen if a["batch"] == f"B{b}"]
        prev = [a["id"] for a in chosen if a["batch"] == f"B{(b - 2) % BATCHES + 1}"]
        plan[f"B{b}"] = {"first": own, "second": prev[:DOUBLE_PER_BATCH]}
    (CORPUS / "batches.json").write_text(json.dumps(plan, indent=1), encoding="utf-8")
    print(f"{len(chosen)} articles, {sum(len(a['text']) for a in chosen)} chars -> {CORPUS}")


def select_more(shared: Path, batches: int) -> None:
    """A second round: the next articles of every stratum (as many again, cut to
    ``batches`` batches of 80), added to the manifest as batches B6...; all go to train."""
    have = {ln.split("\t")[0] for ln in (CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    more = [a for a in _pick(shared, 1) if a["id"] not in have]
    more.sort(key=lambda a: _key(a["id"]))
    more = more[: batches * 80]
    plan = json.loads((CORPUS / "batches.json").read_text(encoding="utf-8"))
    with open(CORPUS / "manifest.tsv", "a", encoding="utf-8") as out:
        for i, art in enumerate(more):
            art["batch"] = f"B{BATCHES + 1 + i % batches}"
            (ARTICLES / f"{art['id']}.txt").write_text(art["text"], encoding="utf-8")
            out.write(f"{art['id']}\t{art['outlet']}\t{art['category']}\t{art['origin']}\t{len(art['text'])}\t{art['batch']}\n")
            plan.setdefault(art["batch"], {"first": [], "second": []})["first"].append(art["id"])
    (CORPUS / "batches.json").write_text(json.dumps(plan, indent=1), encoding="utf-8")
    print(f"{len(more)} more articles in batches B{BATCHES + 1}..B{BATCHES + batches}")


def _nearest(text: str, needle: str, pos: int) -> int | None:
    """Start of the occurrence of needle closest to pos (None when absent)."""
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    return min(starts, key=lambda s: abs(s - pos)) if starts else None


def resolve(doc: str, text: str, ev: dict) -> tuple[dict | None, list[str]]:
    """One annotated event with quotes -> the same with character offsets, or the problems found."""
    problems = []
    etype, status = ev.get("type"), ev.get("status", "asserted")
    if etype not in TYPES:
        problems.append(f"type {etype!r} is not one of {', '.join(TYPES)}")
    if status not in STATUSES:
        problems.append(f"status {status!r} is not one of {', '.join(STATUSES)}")
    context, trigger = ev.get("context") or "", ev.get("trigger") or ""
    hits = [m.start() for m in re.finditer(re.escape(context), text)] if context else []
    if len(hits) != 1:
        problems.append(f"context {context!r} occurs {len(hits)} times (it must occur once)")
        return None, problems
    inner = context.find(trigger) if trigger else -1
    if inner < 0:
        problems.append(f"trigger {trigger!r} is not inside its context")
        return None, problems
    t_start = hits[0] + inner
    out = {"type": etype, "status": status,
           "trigger": {"start": t_start, "end": t_start + len(trigger), "text": trigger}}
    for role in ("source", "target", "date", "place"):
        quote = ev.get(role)
        if not quote:
            out[role] = None
            continue
        start = _nearest(text, quote, t_start)
        if start is None:
            problems.append(f"{role} {quote!r} is not in the article")
            continue
        out[role] = {"start": start, "end": start + len(quote), "text": quote}
    if ev.get("note"):
        out["note"] = ev["note"]
    return (None if problems else out), problems


def check(path: Path) -> int:
    """Resolve every quote of an annotator's file; print each problem; return how many there were."""
    n_events = n_problems = 0
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            art = json.loads(line)
        except json.JSONDecodeError as err:
            print(f"{path}:{line_no}: not JSON: {err}")
            n_problems += 1
            continue
        text_path = ARTICLES / f"{art.get('doc')}.txt"
        if not text_path.exists():
            print(f"{path}:{line_no}: no article {art.get('doc')!r}")
            n_problems += 1
            continue
        text = text_path.read_text(encoding="utf-8")
        for i, ev in enumerate(art.get("events", [])):
            n_events += 1
            _, problems = resolve(art["doc"], text, ev)
            for p in problems:
                print(f"{path}:{line_no}: {art['doc']} event {i}: {p}")
            n_problems += len(problems)
    print(f"{path}: {n_events} events, {n_problems} problems")
    return n_problems


def _load_raw() -> dict[str, dict[str, list[dict]]]:
    """doc -> annotator -> resolved events, from every raw file (the last line of a doc wins)."""
    by_doc: dict[str, dict[str, list[dict]]] = {}
    for path in sorted((CORPUS / "raw").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            art = json.loads(line)
            text = (ARTICLES / f"{art['doc']}.txt").read_text(encoding="utf-8")
            events = [ev for ev in (resolve(art["doc"], text, e)[0] for e in art.get("events", [])) if ev]
            by_doc.setdefault(art["doc"], {})[f"{art.get('annotator', path.stem)}"] = events
    return by_doc


def _overlap(a: dict | None, b: dict | None) -> bool:
    return a is not None and b is not None and a["start"] < b["end"] and b["start"] < a["end"]


def agreement(pairs: list[tuple[list[dict], list[dict]]]) -> dict[str, float]:
    """Inter-annotator agreement over doubly annotated articles: trigger F1 (overlapping
    triggers, any type), then over matched triggers the share with the same type,
    source, target and status (two arguments agree when both are absent or overlap)."""
    tp = n_a = n_b = 0
    same = {"type": 0, "source": 0, "target": 0, "status": 0}
    type_pairs = []
    for a_events, b_events in pairs:
        n_a += len(a_events)
        n_b += len(b_events)
        free = list(b_events)
        for ea in a_events:
            eb = next((e for e in free if _overlap(ea["trigger"], e["trigger"]) and e["type"] == ea["type"]), None)
            eb = eb or next((e for e in free if _overlap(ea["trigger"], e["trigger"])), None)
            if eb is None:
                continue
            free.remove(eb)
            tp += 1
            type_pairs.append((ea["type"], eb["type"]))
            same["type"] += ea["type"] == eb["type"]
            same["status"] += ea["status"] == eb["status"]
            for role in ("source", "target"):
                same[role] += (ea[role] is None and eb[role] is None) or _overlap(ea[role], eb[role])
    p, r = tp / max(n_b, 1), tp / max(n_a, 1)
    out = {"articles": len(pairs), "events_a": n_a, "events_b": n_b, "matched": tp,
           "trigger_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    out.update({f"{k}_agreement": round(v / max(tp, 1), 3) for k, v in same.items()})
    labels = sorted({t for pair in type_pairs for t in pair})
    if type_pairs:
        po = same["type"] / len(type_pairs)
        pe = sum((sum(a == l for a, _ in type_pairs) / len(type_pairs)) * (sum(b == l for _, b in type_pairs) / len(type_pairs)) for l in labels)
        out["type_kappa"] = round((po - pe) / (1 - pe), 3) if pe < 1 else 1.0
    # the same trigger+type+source agreement the coder is scored with
    full = sum(1 for a_events, b_events in pairs for ea in a_events
               if any(_overlap(ea["trigger"], eb["trigger"]) and ea["type"] == eb["type"] and
                      ((ea["source"] is None and eb["source"] is None) or _overlap(ea["source"], eb["source"]))
                      for eb in b_events))
    p2, r2 = full / max(n_b, 1), full / max(n_a, 1)
    out["type_source_f1"] = round(2 * p2 * r2 / (p2 + r2), 3) if p2 + r2 else 0.0
    return out


def build(test: int, dev: int) -> None:
    """Merge the annotators' files into events.jsonl with a split by article; write agreement.json."""
    sys.path.insert(0, str(ROOT))
    from newsx.events.train import split_articles

    by_doc = _load_raw()
    adjudicated = {}
    adj_path = CORPUS / "adjudicated.jsonl"
    if adj_path.exists():
        for line in adj_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                art = json.loads(line)
                text = (ARTICLES / f"{art['doc']}.txt").read_text(encoding="utf-8")
                adjudicated[art["doc"]] = [ev for ev in (resolve(art["doc"], text, e)[0] for e in art["events"]) if ev]
    double = sorted(d for d, anns in by_doc.items() if len(anns) >= 2)
    pairs = [tuple(by_doc[d][a] for a in sorted(by_doc[d])[:2]) for d in double]
    stats = agreement(pairs)
    stats["adjudicated"] = len(adjudicated)
    (CORPUS / "agreement.json").write_text(json.dumps(stats, indent=1), encoding="utf-8")
    print(json.dumps(stats))
    # the doubly annotated (adjudicated) articles go to test first: the cleanest gold is the judge;
    # once made, the split is frozen in splits.tsv, and articles annotated later go to train
    frozen_path = CORPUS / "splits.tsv"
    if frozen_path.exists():
        frozen = dict(ln.split("\t") for ln in frozen_path.read_text(encoding="utf-8").splitlines()[1:])
        split = {d: frozen.get(d, "train") for d in by_doc}
    else:
        singles = [d for d in by_doc if d not in double]
        split = split_articles(singles, max(test - len(double), 0), dev)
        split.update({d: "test" for d in double})
    frozen_path.write_text("id\tsplit\n" + "".join(f"{d}\t{split[d]}\n" for d in sorted(split)), encoding="utf-8")
    manifest = {ln.split("\t")[0]: ln.split("\t") for ln in (CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    counts: dict[str, int] = {}
    with open(CORPUS / "events.jsonl", "w", encoding="utf-8") as out:
        for doc in sorted(by_doc):
            anns = by_doc[doc]
            first = sorted(anns)[0]
            events = adjudicated.get(doc, anns[first])
            row = manifest[doc]
            rec = {"id": doc, "split": split[doc], "outlet": row[1], "category": row[2], "origin": row[3],
                   "annotators": sorted(anns), "adjudicated": doc in adjudicated,
                   "text": (ARTICLES / f"{doc}.txt").read_text(encoding="utf-8"),
                   "events": sorted(events, key=lambda e: e["trigger"]["start"])}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            counts[split[doc]] = counts.get(split[doc], 0) + 1
    print(f"{len(by_doc)} articles ({counts}), {sum(len(a[sorted(a)[0]]) for a in by_doc.values())} events -> {CORPUS / 'events.jsonl'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select")
    s.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    m = sub.add_parser("select-more")
    m.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    m.add_argument("--batches", type=int, default=4)
    c = sub.add_parser("check")
    c.add_argument("files", type=Path, nargs="+")
    b = sub.add_parser("build")
    b.add_argument("--test", type=int, default=100)
    b.add_argument("--dev", type=int, default=50)
    args = ap.parse_args()
    if args.cmd == "select":
        select(args.shared)
    elif args.cmd == "select-more":
        select_more(args.shared, args.batches)
    elif args.cmd == "build":
        build(args.test, args.dev)
    elif args.cmd == "check":
        sys.exit(1 if sum(check(f) for f in args.files) else 0)


if __name__ == "__main__":
    main()
