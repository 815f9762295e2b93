#!/usr/bin/env python3
"""Writes news_day.jsonl: a recorded trading morning for config/news.yaml and its tests.

Quotes: four symbols, one quote per symbol per minute from 14:30 to 16:30 UTC, on a fixed
deterministic path (no randomness), with a move after each story. News: stories written for
this recording, from two wires and a blog, including a rewrite of one story by another
outlet (a near duplicate), the same story twice from one wire (an exact duplicate), cashtags,
EXCHANGE:TICKER mentions and company names. Run: python3 make_news_day.py > news_day.jsonl
"""
import json
from datetime import datetime, timedelta, timezone

START = datetime(2024, 1, 2, 14, 30, tzinfo=timezone.utc)
PRICES = {"AAPL": 185.00, "MSFT": 370.00, "NVDA": 480.00, "TSLA": 245.00}

STORIES = [
    (3, "wire_a", "a-1001", "Apple beats earnings estimates as iPhone sales surge to a record", "Apple Inc reported strong quarterly results, with revenue up on record iPhone demand.", "https://wire-a.example/apple-1001", []),
    (5, "wire_b", "b-2001", "Apple beats earnings estimates as iPhone sales surge to record", "Apple Inc reported strong quarterly results with revenue up on record iPhone demand.", "https://wire-b.example/2001", []),
    (9, "wire_a", "a-1002", "Tesla shares plunge after disappointing deliveries and a weak outlook", "Tesla delivered fewer cars than expected and warned of slower growth.", "https://wire-a.example/tesla-1002", ["TSLA"]),
    (12, "blog_c", "c-77", "lol $NVDA is the best AI stock ever, huge gains!!!", "Traders love the chipmaker.", "https://blog-c.example/77", []),
    (18, "wire_b", "b-2002", "Microsoft posts solid quarter, but cloud growth slows more than expected", "Azure cloud revenue grew, but at a slower pace.", "https://wire-b.example/2002", []),
    (22, "wire_a", "a-1003", "Nvidia (NASDAQ: NVDA) wins approval to sell advanced chips, shares rally", "The approval is a big win for the chipmaker.", "https://wire-a.example/nvidia-1003", []),
    (22, "wire_a", "a-1003", "Nvidia (NASDAQ: NVDA) wins approval to sell advanced chips, shares rally", "The approval is a big win for the chipmaker.", "https://wire-a.example/nvidia-1003", []),
    (31, "wire_b", "b-2003", "Tesla faces fresh recall over faulty steering, a serious safety problem", "Regulators said the defect could cause crashes.", "https://wire-b.example/2003", []),
    (40, "wire_a", "a-1004", "Apple harvest is late this year in Washington state", "Growers blame a cold spring.", "https://wire-a.example/harvest-1004", []),
    (47, "wire_b", "b-2004", "Microsoft wins major cloud contract, shares hit record high", "The deal is worth billions, analysts said.", "https://wire-b.example/2004", []),
    (58, "wire_a", "a-1005", "Tesla cuts prices again as demand weakens; analysts worried", "Lower prices hurt margins, the company said.", "https://wire-a.example/tesla-1005", []),
    (66, "blog_c", "c-78", "$TSLA going to zero, terrible management", "A bearish take.", "https://blog-c.example/78", []),
    (75, "wire_b", "b-2005", "Nvidia shares fall after report of delayed chip shipments", "A delay could hurt sales, a report said.", "https://wire-b.example/2005", ["NVDA"]),
    (88, "wire_a", "a-1006", "Apple shares rise as analysts praise strong services growth", "Analysts raised their price targets on Apple stock.", "https://wire-a.example/apple-1006", []),
    (96, "wire_b", "b-2006", "Microsoft and Nvidia announce partnership; investors cheer", "The companies will build AI infrastructure together.", "https://wire-b.example/2006", ["MSFT"]),
    (104, "wire_a", "a-1007", "Tesla beats delivery estimates in a surprise rebound, shares jump", "Deliveries were better than feared.", "https://wire-a.example/tesla-1007", []),
    (112, "wire_b", "b-2007", "Markets are calm ahead of the Fed minutes", "Stocks were little changed.", "https://wire-b.example/2007", []),
]

def ts(minute, second=0):
    return (START + timedelta(minutes=minute, seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")

def main():
    events = []
    for m in range(0, 121):
        for i, (sym, base) in enumerate(sorted(PRICES.items())):
            # a fixed zig-zag path: +/- 0.05% a minute, phase per symbol
            step = ((m + 7 * i) % 10) - 5
            px = round(base * (1 + 0.0005 * step + 0.0001 * m), 2)
            events.append(((m, 0, 0, i), {"type": "quote", "ts": ts(m), "symbol": sym,
                                          "bid": f"{px - 0.01:.2f}", "ask": f"{px + 0.01:.2f}",
                                          "bid_qty": "500", "ask_qty": "500"}))
    for k, (m, src, sid, head, summ, url, syms) in enumerate(STORIES):
        rec = {"type": "news", "ts": ts(m, 30), "id": sid, "source": src, "headline": head,
               "summary": summ, "url": url, "language": "en"}
        if syms:
            rec["symbols"] = syms
        events.append(((m, 30, 1, k), rec))
    events.sort(key=lambda e: e[0])
    for _, rec in events:
        print(json.dumps(rec, ensure_ascii=False))

if __name__ == "__main__":
    main()
