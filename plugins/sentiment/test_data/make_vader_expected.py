#!/usr/bin/env python3
"""Score text files with the reference VADER implementation and write the expected results.

The expected scores in this folder were made by this script from the reference code of
github.com/cjhutto/vaderSentiment (commit 44fc044cd877310ee8278a0eadf34bcd50d41d06,
version 3.3.1) run with CPython 3.11.7. The reference code itself is not committed here.

    git clone https://github.com/cjhutto/vaderSentiment /tmp/vader
    python3 make_vader_expected.py /tmp/vader vader_published_examples.txt > vader_published_examples.expected.jsonl
    python3 make_vader_expected.py /tmp/vader vader_corpus.txt > vader_corpus.expected.jsonl

Each output line is a JSON object: the input `text`, the reference's rounded scores
(`neg`, `neu`, `pos` to 3 places and `compound` to 4, what polarity_scores returns) and the
same four unrounded (`raw`), taken by shadowing the module's `round` so the numbers come from
the reference's own arithmetic. Python's json writes floats with repr, which round-trips a
double exactly, so the C++ test compares bit for bit.
"""
import json
import sys


def main():
    ref_dir, text_file = sys.argv[1], sys.argv[2]
    sys.path.insert(0, ref_dir)
    from vaderSentiment import vaderSentiment as vs

    analyzer = vs.SentimentIntensityAnalyzer()
    with open(text_file, encoding="utf-8") as f:
        # One text per line; only '\n' separates lines (U+2028 and friends stay in the text).
        texts = f.read().rstrip("\n").split("\n")
    for text in texts:
        rounded = analyzer.polarity_scores(text)
        vs.round = lambda x, n=None: x  # module global shadows the builtin inside score_valence
        try:
            raw = analyzer.polarity_scores(text)
        finally:
            del vs.round
        print(json.dumps({"text": text,
                          "neg": rounded["neg"], "neu": rounded["neu"], "pos": rounded["pos"],
                          "compound": rounded["compound"],
                          "raw": {k: raw[k] for k in ("neg", "neu", "pos", "compound")}},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
