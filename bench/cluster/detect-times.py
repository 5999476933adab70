#!/usr/bin/env python3
"""Prints one CSV row "run,detect_ms,converge_ms" for a killed node, from the survivors' log files.

detect:   the first survivor log line saying the victim was "declared Dead" (the winning table write);
converge: the last survivor to log "down <victim>" (its agent has read the verdict).
Both are measured from the kill time; every log uses this machine's clock (HH:MM:SS.mmm stamps).

Usage: detect-times.py KILLED_AT(HH:MM:SS.mmm) VICTIM(host:port#incarnation) RUN LOG...
"""
import datetime
import sys


def stamp(text):
    return datetime.datetime.strptime(text, "%H:%M:%S.%f")


def main():
    killed, victim, run, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    k = stamp(killed)
    declared, seen = [], []
    for name in files:
        with open(name, encoding="utf-8", errors="replace") as f:
            for line in f:
                head = line.split(" ", 1)[0]
                if "declared Dead" in line and victim in line:
                    declared.append(stamp(head))
                if "down " + victim in line:
                    seen.append(stamp(head))
    if not declared or len(seen) < len(files):
        sys.exit(f"expected every survivor to log 'down {victim}' and one 'declared Dead', found {len(seen)} and {len(declared)}")
    ms = lambda d: int((d - k).total_seconds() * 1000)
    print(f"{run},{ms(min(declared))},{ms(max(seen))}")


if __name__ == "__main__":
    main()
