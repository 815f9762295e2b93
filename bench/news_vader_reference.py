#!/usr/bin/env python3
"""The reference VADER's speed for bench/news_bench: loads vaderSentiment from the checkout
given as the first argument (the reference code is not part of this repository), scores
every line of the corpus `passes` times and prints the CPU seconds the scoring took (loading
excluded) and the number of texts scored.

    python3 news_vader_reference.py /path/to/vaderSentiment corpus.txt 5
"""
import sys
import time


def main():
    ref_dir, corpus, passes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.path.insert(0, ref_dir)
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    with open(corpus, encoding="utf-8") as f:
        texts = f.read().rstrip("\n").split("\n")
    start = time.process_time()  # CPU time, as news_bench reports for the C++ cases
    for _ in range(passes):
        for t in texts:
            analyzer.polarity_scores(t)
    print(f"{time.process_time() - start:.9f} {passes * len(texts)}")


if __name__ == "__main__":
    main()
